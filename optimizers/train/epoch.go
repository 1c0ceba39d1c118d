package train

import (
	"fmt"
	"math"
	"time"
)

// endEpoch records the epoch's loss and metrics and evaluates the validation data.
func (t *trainer) endEpoch(began time.Time) error {
	h := t.h
	h.Loss = append(h.Loss, t.epochLoss/float64(t.d.N))
	for _, mt := range t.o.Metrics {
		h.Metrics[mt.Name()] = append(h.Metrics[mt.Name()], mt.Value())
	}
	if v := t.o.Validation; v != nil {
		for _, mt := range t.o.Metrics {
			mt.Reset()
		}
		var sum float64
		F, T, K := v.Features, v.Targets, t.m.Outputs()
		for lo := 0; lo < v.N; lo += t.bs {
			nb := min(t.bs, v.N-lo)
			out, dout := t.out[:nb*K], t.dout[:nb*K]
			if err := t.m.Forward(v.X[lo*F:(lo+nb)*F], nb, out); err != nil {
				return fmt.Errorf("train: validation after epoch %d: %w", t.epoch, err)
			}
			lv, err := t.l.Eval(out, v.Y[lo*T:(lo+nb)*T], dout, nb)
			if err != nil {
				return fmt.Errorf("train: validation after epoch %d: %w", t.epoch, err)
			}
			sum += lv * float64(nb)
			for _, mt := range t.o.Metrics {
				mt.Update(out, v.Y[lo*T:(lo+nb)*T], nb)
			}
		}
		h.ValLoss = append(h.ValLoss, sum/float64(v.N))
		for _, mt := range t.o.Metrics {
			key := "val_" + mt.Name()
			h.Metrics[key] = append(h.Metrics[key], mt.Value())
		}
	}
	h.Epochs = t.epoch
	h.EpochTime = append(h.EpochTime, time.Since(began))
	return nil
}

func (t *trainer) epochCallback() error {
	if t.o.OnEpoch == nil {
		return nil
	}
	h := t.h
	info := EpochInfo{Epoch: t.epoch, Loss: h.Loss[len(h.Loss)-1], ValLoss: math.NaN(),
		Metrics: map[string]float64{}, Elapsed: time.Since(t.start)}
	if len(h.ValLoss) > 0 {
		info.ValLoss = h.ValLoss[len(h.ValLoss)-1]
	}
	for k, vs := range h.Metrics {
		info.Metrics[k] = vs[len(vs)-1]
	}
	if err := t.o.OnEpoch(info); err != nil {
		return callbackError("OnEpoch", err)
	}
	return nil
}

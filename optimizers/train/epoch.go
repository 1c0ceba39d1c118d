package train

import (
	"fmt"
	"math"
	"time"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
)

// endEpoch records the epoch's loss and metrics and evaluates the validation data. It
// records nothing when cancelled during validation, so History only holds whole epochs.
func (t *trainer) endEpoch(began time.Time) error {
	h := t.h
	trained := make([]float64, len(t.o.Metrics))
	for i, mt := range t.o.Metrics {
		trained[i] = mt.Value()
	}
	valLoss, err := t.validate()
	if err != nil {
		return err
	}
	h.Loss = append(h.Loss, t.epochLoss/float64(t.d.N))
	for i, mt := range t.o.Metrics {
		h.Metrics[mt.Name()] = append(h.Metrics[mt.Name()], trained[i])
	}
	if t.o.Validation != nil {
		h.ValLoss = append(h.ValLoss, valLoss)
		for _, mt := range t.o.Metrics {
			key := "val_" + mt.Name()
			h.Metrics[key] = append(h.Metrics[key], mt.Value())
		}
	}
	h.Epochs = t.epoch
	h.EpochTime = append(h.EpochTime, time.Since(began))
	return nil
}

// validate returns the loss on the validation data, if any, and leaves the metrics holding
// their validation values. It evaluates in batches through the training buffers, so it
// allocates nothing and stops promptly when cancelled.
//
// An optimizer with an evaluation point (Schedule-Free's average x) is validated there:
// the point is swapped into the model for the evaluation and the training point swapped
// back after it, exactly, which leaves the evaluation point in t.evalAt.
func (t *trainer) validate() (float64, error) {
	v := t.o.Validation
	if v == nil {
		return math.NaN(), nil
	}
	if t.evalAt != nil {
		if err := optimizers.EvalParams(t.opt, t.evalAt, t.params); err != nil {
			return 0, fmt.Errorf("train: validation after epoch %d: %w", t.epoch, err)
		}
		swap(t.params, t.evalAt)
		defer swap(t.params, t.evalAt)
	}
	return t.evaluate(v)
}

// validated returns the parameters the last validation evaluated: the evaluation point
// when the optimizer has one, else the model's parameters.
func (t *trainer) validated() []float64 {
	if t.evalAt != nil {
		return t.evalAt
	}
	return t.params
}

// swap exchanges the contents of a and b, which have the same length.
func swap(a, b []float64) {
	for i := range a {
		a[i], b[i] = b[i], a[i]
	}
}

// evaluate returns the mean loss of the model on v, updating the metrics.
func (t *trainer) evaluate(v *data.Dataset) (float64, error) {
	for _, mt := range t.o.Metrics {
		mt.Reset()
	}
	var sum float64
	F, T, K := v.Features, v.Targets, t.m.Outputs()
	for lo := 0; lo < v.N; lo += t.bs {
		if err := t.ctx.Err(); err != nil {
			t.h.Stopped = "cancelled"
			return 0, fmt.Errorf("train: cancelled while validating after epoch %d: %w", t.epoch, err)
		}
		nb := min(t.bs, v.N-lo)
		out, dout := t.out[:nb*K], t.dout[:nb*K]
		y := v.Y[lo*T : (lo+nb)*T]
		if err := t.m.Forward(v.X[lo*F:(lo+nb)*F], nb, out); err != nil {
			return 0, fmt.Errorf("train: validation after epoch %d: %w", t.epoch, err)
		}
		lv, err := t.l.Eval(out, y, dout, nb)
		if err != nil {
			return 0, fmt.Errorf("train: validation after epoch %d: %w", t.epoch, err)
		}
		sum += lv * float64(nb)
		for _, mt := range t.o.Metrics {
			mt.Update(out, y, nb)
		}
	}
	return sum / float64(v.N), nil
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

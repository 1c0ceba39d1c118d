package train

import (
	"fmt"
	"sort"
	"strings"

	"github.com/descentlab/descent/optimizers/internal/view"
)

// MIMEBundle shows the history in a notebook: how training ended, the last epoch's loss
// and metrics, the best epoch, and the loss curves (per epoch, or per step for a run of
// one epoch) with the learning rate when it changed.
func (h *History) MIMEBundle() map[string]any {
	text := h.String()
	if h == nil {
		return map[string]any{"text/plain": text}
	}
	title := fmt.Sprintf("Training: %d epochs, %d steps in %s (%s)", h.Epochs, h.Steps, view.Duration(h.Time), h.Stopped)
	var rows [][2]string
	last := func(vs []float64) string { return view.Esc(view.Num(vs[len(vs)-1])) }
	if len(h.Loss) > 0 {
		rows = append(rows, [2]string{"loss", last(h.Loss)})
	}
	if len(h.ValLoss) > 0 {
		rows = append(rows, [2]string{"val_loss", last(h.ValLoss)})
	}
	names := make([]string, 0, len(h.Metrics))
	for k := range h.Metrics {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if vs := h.Metrics[k]; len(vs) > 0 {
			rows = append(rows, [2]string{k, last(vs)})
		}
	}
	if h.BestEpoch > 0 {
		rows = append(rows, [2]string{"best epoch", view.Esc(fmt.Sprintf("%d (monitored loss %s)", h.BestEpoch, view.Num(h.BestLoss)))})
	}
	var body strings.Builder
	body.WriteString(view.KV(rows))
	var curves view.Chart
	if len(h.Loss) > 1 {
		curves = view.Chart{Series: []view.Series{{Name: "loss", Y: h.Loss}}, XLabel: "epoch"}
		if len(h.ValLoss) > 1 {
			curves.Series = append(curves.Series, view.Series{Name: "val_loss", Y: h.ValLoss})
		}
		// Epochs count from 1.
		for i := range curves.Series {
			curves.Series[i].X = epochs(len(curves.Series[i].Y))
		}
	} else if len(h.StepLoss) > 1 {
		curves = view.Chart{Series: []view.Series{{Name: "batch loss", Y: h.StepLoss}}, XLabel: "step"}
	}
	curves.LogY = positive(h.Loss) && positive(h.ValLoss) && positive(h.StepLoss)
	body.WriteString(curves.HTML())
	if changes(h.LR) {
		body.WriteString(view.Chart{Series: []view.Series{{Name: "lr", Y: h.LR}}, XLabel: "step (lr)", Height: 70}.HTML())
	}
	return map[string]any{"text/html": view.Box(title, body.String()), "text/plain": text}
}

func epochs(n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	return xs
}

func positive(ys []float64) bool {
	for _, y := range ys {
		if y <= 0 {
			return false
		}
	}
	return true
}

// changes reports whether a series has two different finite values.
func changes(ys []float64) bool {
	for _, y := range ys {
		if y != ys[0] && y == y && ys[0] == ys[0] {
			return true
		}
	}
	return false
}

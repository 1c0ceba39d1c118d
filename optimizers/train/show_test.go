package train

import (
	"context"
	"strings"
	"testing"

	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
	"github.com/descentlab/descent/optimizers/schedule"
)

func TestHistoryMIMEBundle(t *testing.T) {
	all := mustData(data.Moons(300, 0.1, 1))
	tr, va, _ := data.Split(all, 0.25, 1)
	m := mustNet(model.NewMLP(model.MLPConfig{Sizes: []int{2, 8, 2}, Seed: 1, Classes: 2}))
	o := adam(t, 0.01)
	sched, err := schedule.NewStepLR(o, 2, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	h, err := Fit(context.Background(), m, loss.CrossEntropy{}, tr, o, Options{Epochs: 6, Validation: va, Metrics: []Metric{Accuracy()}, Schedule: sched})
	if err != nil {
		t.Fatal(err)
	}
	b := h.MIMEBundle()
	if b["text/plain"] != h.String() {
		t.Errorf("text/plain %q", b["text/plain"])
	}
	html := b["text/html"].(string)
	for _, want := range []string{
		"Training: 6 epochs, 48 steps in",
		"(completed)",
		">loss</td>", fmtView(h.Loss[5]),
		">val_loss</td>", fmtView(h.ValLoss[5]),
		">val_accuracy</td>", ">accuracy</td>",
		">best epoch</td>",
		"━ loss", "━ val_loss", // the curves' legend
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if n := strings.Count(html, `<img alt="chart"`); n != 2 {
		t.Errorf("%d charts, want the losses and the changing lr", n)
	}
	// A constant lr draws no lr chart; a one-epoch run charts its batch losses.
	h2, _ := Fit(context.Background(), mustNet(model.NewSoftmax(2, 2)), loss.CrossEntropy{}, tr, adam(t, 0.01), Options{Epochs: 1})
	html = h2.MIMEBundle()["text/html"].(string)
	if strings.Count(html, `<img alt="chart"`) != 1 {
		t.Errorf("one-epoch run: want one chart (batch losses): %s", html)
	}
	var nilH *History
	if nilH.String() != "<nil History>" || nilH.MIMEBundle()["text/plain"] != "<nil History>" {
		t.Error("a nil History must print, not panic")
	}
}

package train

import (
	"testing"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/internal/view"
	"github.com/descentlab/descent/optimizers/model"
)

func adam(t testing.TB, lr float64) optimizers.Optimizer {
	o, err := optimizers.New("adam", map[string]any{"lr": lr})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// mustData and mustNet take a constructor's two results; the constructors' arguments in
// these tests are constants, so an error is a bug in the test.
func mustData(d *data.Dataset, err error) *data.Dataset {
	if err != nil {
		panic(err)
	}
	return d
}

func mustNet(m *model.Net, err error) *model.Net {
	if err != nil {
		panic(err)
	}
	return m
}

// walker is an optimizer written outside the library, as a notebook would: it moves the
// parameters by dir*lr*grad, so dir = +1 climbs the loss.
type walker struct {
	*optimizers.Base
	dir float64
}

func newWalker(lr, dir float64) *walker {
	return &walker{Base: optimizers.NewBase("walker", map[string]any{"lr": lr}), dir: dir}
}

func (w *walker) Step(p, g []float64) error {
	lr := w.Hyper().Float("lr")
	for i := range p {
		p[i] += w.dir * lr * g[i]
	}
	return nil
}

// counter is a schedule that halves the lr of its optimizer at every Step and records the
// metrics it is fed.
type counter struct {
	h       *optimizers.Hyper
	steps   int
	metrics []float64
}

func (c *counter) Step() {
	c.steps++
	c.h.Set("lr", c.h.Float("lr")/2)
}
func (c *counter) LR() []float64 { return []float64{c.h.Float("lr")} }

type plateau struct{ counter }

func (p *plateau) StepMetric(m float64) { p.metrics = append(p.metrics, m) }

// fmtView formats a number as the progress bar does.
func fmtView(v float64) string { return view.Num(v) }

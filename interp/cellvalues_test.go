package interp

import "testing"

// TestCellValuesInLibraryLiterals: a value of a cell's type in an interface-typed field
// or element of a compiled type's literal reaches the library as that interface (yaegi
// alone panics: "value of type *struct{...} is not assignable to type train.Scheduler").
func TestCellValuesInLibraryLiterals(t *testing.T) {
	s := newSession(t)
	res, rec := run(t, s, `import (
	"context"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
	"github.com/descentlab/descent/optimizers/train"
)
type halving struct {
	o     opt.Optimizer
	steps int
}
func (h *halving) Step() { h.steps++; h.o.Hyper().Set("lr", h.o.Hyper().Float("lr")/2) }
func (h *halving) LR() []float64 { return []float64{h.o.Hyper().Float("lr")} }`,
		`d, _ := data.Moons(64, 0.1, 1)
m, _ := model.NewMLP(model.MLPConfig{Sizes: []int{2, 4, 2}, Seed: 1})
o := opt.NewSGD(0.1)
sched := &halving{o: o}
h, err := train.Fit(context.Background(), m, loss.CrossEntropy{}, d, o, train.Options{Epochs: 3, BatchSize: 64, Schedule: sched, Quiet: true})
fmt.Println(err, sched.steps, o.Hyper().Float("lr"), len(h.LR))
opts := []train.Options{{Schedule: &halving{o: o}}}
fmt.Println(opts[0].Schedule.LR())`)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if got, want := rec.stream("stdout"), "<nil> 3 0.0125 3\n[0.0125]\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
}

package golden

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"strings"
	"sync"
	"testing"
)

var goldenPath = flag.String("golden", "../../../shared/golden/torch-dev.json", "torch.optim reference trajectories to replay")

// File is the decoded golden file (schema in shared/golden/README.md §3).
type File struct {
	Problems   map[string]ProblemSpec `json:"problems"`
	Optimizers []OptCase              `json:"optimizers"`
	LBFGS      []LBFGSCase            `json:"lbfgs"`
	Schedulers []SchedCase            `json:"schedulers"`
}

// ProblemSpec is the sanity data stored with each problem.
type ProblemSpec struct {
	Tensors []struct {
		Name string    `json:"name"`
		Init []float64 `json:"init"`
	} `json:"tensors"`
	X0Flat      []float64 `json:"x0_flat"`
	LossAtX0    float64   `json:"loss_at_x0"`
	GradAtX0Flt []float64 `json:"grad_at_x0_flat"`
}

// OptCase is one optimizer trajectory.
type OptCase struct {
	ID         string               `json:"id"`
	Optimizer  string               `json:"optimizer"`
	Impl       string               `json:"impl"`
	Problem    string               `json:"problem"`
	Hyper      map[string]any       `json:"hyper"`
	Clip       map[string]any       `json:"clip"`
	Groups     []map[string]any     `json:"groups"`
	Schedule   map[string]any       `json:"schedule"`
	Steps      int                  `json:"steps"`
	Params     [][]float64          `json:"params"`
	Losses     []float64            `json:"losses"`
	LRUsed     []float64            `json:"lr_used"`
	FinalState map[string][]float64 `json:"final_state"`
}

// LBFGSCase is one closure-driven LBFGS trajectory.
type LBFGSCase struct {
	ID           string         `json:"id"`
	Optimizer    string         `json:"optimizer"`
	Problem      string         `json:"problem"`
	Hyper        map[string]any `json:"hyper"`
	Steps        int            `json:"steps"`
	Params       [][]float64    `json:"params"`
	Losses       []float64      `json:"losses"`
	ClosureEvals []int          `json:"closure_evals"`
}

// SchedCase is one scheduler's lr (and momentum) sequence.
type SchedCase struct {
	ID        string         `json:"id"`
	Scheduler string         `json:"scheduler"`
	Args      map[string]any `json:"args"`
	Optimizer map[string]any `json:"optimizer"`
	LR        []float64      `json:"lr"`
	Momentum  []float64      `json:"momentum"`
	Metrics   []float64      `json:"metrics"`
}

var (
	loadOnce sync.Once
	loaded   *File
	loadErr  error
)

// load decodes the golden file once per test binary; a missing or broken file fails the
// test rather than skipping it, so CI cannot pass by not finding its reference.
func load(t testing.TB) *File {
	t.Helper()
	loadOnce.Do(func() {
		b, err := os.ReadFile(*goldenPath)
		if err != nil {
			loadErr = fmt.Errorf("golden file: %w (set -golden=PATH)", err)
			return
		}
		var f File
		if err := json.Unmarshal(b, &f); err != nil {
			loadErr = fmt.Errorf("golden file %s: %w", *goldenPath, err)
			return
		}
		loaded = &f
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return loaded
}

// legacy reports whether a case reproduces a torch bug the library deliberately fixes.
func legacy(id string) bool { return strings.Contains(id, "[legacy") }

// Problem is one of the README's exact problems over the flat parameter vector, evaluated in
// the README's operation order so that results match torch bit for bit.
type Problem struct {
	Name    string
	Tensors []Tensor
	Loss    func(x []float64) float64
	Grad    func(g, x []float64)
}

// Tensor is a named slice [Off, Off+Len) of the flat vector.
type Tensor struct {
	Name     string
	Off, Len int
}

// Size is the length of the flat parameter vector.
func (p *Problem) Size() int {
	last := p.Tensors[len(p.Tensors)-1]
	return last.Off + last.Len
}

// Tensor returns the tensor called name.
func (p *Problem) Tensor(name string) (Tensor, error) {
	for _, t := range p.Tensors {
		if t.Name == name {
			return t, nil
		}
	}
	return Tensor{}, fmt.Errorf("problem %s has no tensor %q", p.Name, name)
}

var (
	quadA = [3][3]float64{{3.0, 0.5, 0.0}, {0.5, 2.0, 0.25}, {0.0, 0.25, 1.0}}
	quadB = [3]float64{1.0, -2.0, 0.5}
	linX  = [8][3]float64{{0.5, -1.0, 0.25}, {1.0, 0.75, -0.5}, {-0.5, 0.25, 1.0}, {1.5, -0.25, 0.5},
		{-1.0, 1.25, -0.75}, {0.25, 0.5, 1.5}, {-1.25, -0.5, 0.0}, {0.75, 1.0, -1.25}}
	linY = [8]float64{1.3, -0.2, 2.1, 0.9, -1.7, 2.6, -1.1, -1.9}
)

func quadAx(x []float64, i int) float64 {
	return (quadA[i][0]*x[0] + quadA[i][1]*x[1]) + quadA[i][2]*x[2]
}

func linResid(x []float64, i int) float64 {
	pred := ((linX[i][0]*x[0] + linX[i][1]*x[1]) + linX[i][2]*x[2]) + x[3]
	return pred - linY[i]
}

func linLoss(x []float64) float64 {
	s := 0.0
	for i := range linY {
		r := linResid(x, i)
		s = s + r*r
	}
	return s / float64(len(linY))
}

func linGrad(g, x []float64) {
	var sw [3]float64
	sb := 0.0
	for i := range linY {
		r := linResid(x, i)
		for j := 0; j < 3; j++ {
			sw[j] = sw[j] + r*linX[i][j]
		}
		sb = sb + r
	}
	n := float64(len(linY))
	for j := 0; j < 3; j++ {
		g[j] = (2.0 * sw[j]) / n
	}
	g[3] = (2.0 * sb) / n
}

func sign(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

const l1, l2 = 0.01, 0.05

// problems are the four problems of the README §2.
var problems = map[string]*Problem{
	"quadratic": {
		Name:    "quadratic",
		Tensors: []Tensor{{"x", 0, 3}},
		Loss: func(x []float64) float64 {
			s := 0.0
			for i := 0; i < 3; i++ {
				s = s + x[i]*(0.5*quadAx(x, i)-quadB[i])
			}
			return s
		},
		Grad: func(g, x []float64) {
			var ax [3]float64
			for i := range ax {
				ax[i] = quadAx(x, i)
			}
			for i := range ax {
				g[i] = ax[i] - quadB[i]
			}
		},
	},
	"rosenbrock": {
		Name:    "rosenbrock",
		Tensors: []Tensor{{"xy", 0, 2}},
		Loss: func(p []float64) float64 {
			x, y := p[0], p[1]
			d := 1.0 - x
			t := y - x*x
			return (d * d) + ((100.0 * t) * t)
		},
		Grad: func(g, p []float64) {
			x, y := p[0], p[1]
			d := 1.0 - x
			t := y - x*x
			g[0] = (-2.0 * d) - ((400.0 * x) * t)
			g[1] = 200.0 * t
		},
	},
	"linreg": {
		Name:    "linreg",
		Tensors: []Tensor{{"w", 0, 3}, {"b", 3, 1}},
		Loss:    linLoss,
		Grad:    linGrad,
	},
	"linreg_l1l2": {
		Name:    "linreg_l1l2",
		Tensors: []Tensor{{"w", 0, 3}, {"b", 3, 1}},
		Loss: func(x []float64) float64 {
			sa, sq := 0.0, 0.0
			for j := 0; j < 3; j++ {
				sa = sa + math.Abs(x[j])
				sq = sq + x[j]*x[j]
			}
			return linLoss(x) + l1*sa + (0.5*l2)*sq
		},
		Grad: func(g, x []float64) {
			linGrad(g, x)
			for j := 0; j < 3; j++ {
				g[j] = (g[j] + l1*sign(x[j])) + l2*x[j]
			}
		},
	},
}

// problem returns the named problem or fails the test: an unknown problem is a case the
// replay cannot run, which must fail, not skip.
func problem(t testing.TB, name string) *Problem {
	t.Helper()
	p, ok := problems[name]
	if !ok {
		t.Fatalf("unknown problem %q (known: quadratic, linreg, rosenbrock, linreg_l1l2)", name)
	}
	return p
}

// closeParam reports whether got matches want within the README's tolerance for params and
// losses.
func closeParam(got, want float64) bool {
	return math.Abs(got-want) <= 1e-12*math.Max(math.Abs(want), 1)
}

// closeRate reports whether got matches want within the README's tolerance for learning
// rates and momenta.
func closeRate(got, want float64) bool {
	return math.Abs(got-want) <= 1e-12*math.Abs(want)+1e-15
}

// TestProblemsMatchFile checks the Go problems against the sanity data stored in the file,
// so a typo in a formula shows up here and not as 60 failing trajectories.
func TestProblemsMatchFile(t *testing.T) {
	f := load(t)
	for name, spec := range f.Problems {
		p := problem(t, name)
		if len(spec.X0Flat) != p.Size() {
			t.Errorf("%s: x0 has %d values, problem has %d", name, len(spec.X0Flat), p.Size())
			continue
		}
		if got := p.Loss(spec.X0Flat); got != spec.LossAtX0 {
			t.Errorf("%s: loss at x0 = %v, file says %v", name, got, spec.LossAtX0)
		}
		g := make([]float64, p.Size())
		p.Grad(g, spec.X0Flat)
		for i := range g {
			if g[i] != spec.GradAtX0Flt[i] {
				t.Errorf("%s: grad[%d] at x0 = %v, file says %v", name, i, g[i], spec.GradAtX0Flt[i])
			}
		}
		for _, ts := range spec.Tensors {
			tt, err := p.Tensor(ts.Name)
			if err != nil || tt.Len != len(ts.Init) {
				t.Errorf("%s: tensor %q: %v (len %d vs %d)", name, ts.Name, err, tt.Len, len(ts.Init))
			}
		}
	}
}

package golden

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/descentlab/descent/optimizers"
)

// Problem is one of the README's exact problems over the flat parameter vector, evaluated in
// the README's operation order so that results match torch bit for bit.
type Problem struct {
	Name    string
	Tensors []Tensor
	Loss    func(x []float64) float64
	Grad    func(g, x []float64)
}

// Tensor is a named slice [Off, Off+Len) of the flat vector, row-major of the given
// Shape.
type Tensor struct {
	Name     string
	Off, Len int
	Shape    []int
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

// problems are the four problems of shared/golden/README.md §2 and matreg of
// shared/golden/ext/README.md §2.
var problems = map[string]*Problem{
	"quadratic": {
		Name:    "quadratic",
		Tensors: []Tensor{{"x", 0, 3, []int{3}}},
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
		Tensors: []Tensor{{"xy", 0, 2, []int{2}}},
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
		Tensors: []Tensor{{"w", 0, 3, []int{3}}, {"b", 3, 1, []int{1}}},
		Loss:    linLoss,
		Grad:    linGrad,
	},
	"linreg_l1l2": {
		Name:    "linreg_l1l2",
		Tensors: []Tensor{{"w", 0, 3, []int{3}}, {"b", 3, 1, []int{1}}},
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
	"matreg": {
		Name:    "matreg",
		Tensors: []Tensor{{"W", 0, 12, []int{4, 3}}, {"b", 12, 3, []int{3}}},
		Loss:    matLoss,
		Grad:    matGrad,
	},
}

var (
	matX = [8][4]float64{{0.5, -1.0, 0.25, 1.5}, {1.0, 0.75, -0.5, -0.25}, {-0.5, 0.25, 1.0, 0.5}, {1.5, -0.25, 0.5, -1.0},
		{-1.0, 1.25, -0.75, 0.25}, {0.25, 0.5, 1.5, -0.5}, {-1.25, -0.5, 0.0, 1.0}, {0.75, 1.0, -1.25, 0.75}}
	matY = [8][3]float64{{0.76, -3.47, 3.27}, {2.25, 0.48, -1.0}, {-0.51, 0.04, 0.88}, {1.2, -0.31, -0.26},
		{0.82, 1.66, -1.41}, {-0.19, 1.23, -0.25}, {-0.76, -1.46, 1.57}, {2.83, -0.25, -0.38}}
)

// matResid is r_ij = pred_ij - Y_ij of matreg, pred = X W + b with W = x[0:12] (4x3,
// row-major) and b = x[12:15].
func matResid(x []float64, i, j int) float64 {
	pred := (((matX[i][0]*x[j] + matX[i][1]*x[3+j]) + matX[i][2]*x[6+j]) + matX[i][3]*x[9+j]) + x[12+j]
	return pred - matY[i][j]
}

func matLoss(x []float64) float64 {
	s := 0.0
	for i := 0; i < 8; i++ {
		for j := 0; j < 3; j++ {
			r := matResid(x, i, j)
			s = s + r*r
		}
	}
	return s / 24.0
}

func matGrad(g, x []float64) {
	var r [8][3]float64
	for i := range r {
		for j := range r[i] {
			r[i][j] = matResid(x, i, j)
		}
	}
	for k := 0; k < 4; k++ {
		for j := 0; j < 3; j++ {
			s := 0.0
			for i := 0; i < 8; i++ {
				s = s + r[i][j]*matX[i][k]
			}
			g[3*k+j] = (2.0 * s) / 24.0
		}
	}
	for j := 0; j < 3; j++ {
		s := 0.0
		for i := 0; i < 8; i++ {
			s = s + r[i][j]
		}
		g[12+j] = (2.0 * s) / 24.0
	}
}

// ProblemByName returns one of the problems the golden files use: quadratic, rosenbrock,
// linreg, linreg_l1l2 or matreg.
func ProblemByName(name string) (*Problem, error) {
	p, ok := problems[name]
	if !ok {
		names := make([]string, 0, len(problems))
		for n := range problems {
			names = append(names, n)
		}
		sort.Strings(names)
		return nil, fmt.Errorf("unknown problem %q (known: %s)", name, strings.Join(names, ", "))
	}
	return p, nil
}

// Shapes returns the problem's tensors as the optimizers describe them.
func (p *Problem) Shapes() []optimizers.Tensor {
	ts := make([]optimizers.Tensor, len(p.Tensors))
	for i, t := range p.Tensors {
		ts[i] = optimizers.Tensor{Name: t.Name, Offset: t.Off, Shape: append([]int(nil), t.Shape...)}
	}
	return ts
}

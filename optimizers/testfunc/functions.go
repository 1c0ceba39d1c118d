package testfunc

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers"
)

// Rosenbrock returns the banana function f(x, y) = (1−x)² + 100(y−x²)², evaluated in the
// operation order of torch's reference problem. Start (−1.2, 1); minimum 0 at (1, 1),
// at the end of a long curved valley that punishes plain gradient descent.
func Rosenbrock() optimizers.Problem {
	return optimizers.Problem{
		Name: "rosenbrock",
		Func: func(p []float64) float64 {
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
		Start:  []float64{-1.2, 1},
		Minima: [][]float64{{1, 1}},
		Bounds: [][2]float64{{-2, 2}, {-1, 3}},
	}
}

// RosenbrockN returns the n-dimensional Rosenbrock function
// Σ_{i<n−1} 100(x_{i+1}−x_i²)² + (1−x_i)², for n ≥ 2. Start alternates −1.2 and 1;
// the global minimum is 0 at (1, …, 1).
func RosenbrockN(n int) (optimizers.Problem, error) {
	if n < 2 {
		return optimizers.Problem{}, fmt.Errorf("testfunc.RosenbrockN: n must be at least 2, got %d", n)
	}
	start := make([]float64, n)
	bounds := make([][2]float64, n)
	for i := range start {
		start[i] = 1
		if i%2 == 0 {
			start[i] = -1.2
		}
		bounds[i] = [2]float64{-2, 2}
	}
	return optimizers.Problem{
		Name: fmt.Sprintf("rosenbrock(%d)", n),
		Func: func(x []float64) float64 {
			s := 0.0
			for i := 0; i+1 < len(x); i++ {
				t := x[i+1] - x[i]*x[i]
				d := 1 - x[i]
				s += 100*t*t + d*d
			}
			return s
		},
		Grad: func(g, x []float64) {
			for i := range g {
				g[i] = 0
			}
			for i := 0; i+1 < len(x); i++ {
				t := x[i+1] - x[i]*x[i]
				g[i] += -400*x[i]*t - 2*(1-x[i])
				g[i+1] += 200 * t
			}
		},
		Start:  start,
		Minima: [][]float64{ones(n)},
		Bounds: bounds,
	}, nil
}

// Beale returns f(x, y) = (1.5−x+xy)² + (2.25−x+xy²)² + (2.625−x+xy³)². Start (1, 1);
// minimum 0 at (3, 0.5), in a flat region bounded by steep walls.
func Beale() optimizers.Problem {
	terms := func(x, y float64) (a1, a2, a3 float64) {
		return 1.5 - x + x*y, 2.25 - x + x*y*y, 2.625 - x + x*y*y*y
	}
	return optimizers.Problem{
		Name: "beale",
		Func: func(p []float64) float64 {
			a1, a2, a3 := terms(p[0], p[1])
			return a1*a1 + a2*a2 + a3*a3
		},
		Grad: func(g, p []float64) {
			x, y := p[0], p[1]
			a1, a2, a3 := terms(x, y)
			g[0] = 2*a1*(y-1) + 2*a2*(y*y-1) + 2*a3*(y*y*y-1)
			g[1] = 2*a1*x + 2*a2*(2*x*y) + 2*a3*(3*x*y*y)
		},
		Start:  []float64{1, 1},
		Minima: [][]float64{{3, 0.5}},
		Bounds: [][2]float64{{-4.5, 4.5}, {-4.5, 4.5}},
	}
}

// Himmelblau returns f(x, y) = (x²+y−11)² + (x+y²−7)². Start (0, 0); four global minima
// with value 0, at (3, 2), (−2.805118…, 3.131312…), (−3.779310…, −3.283186…) and
// (3.584428…, −1.848126…), so where a method ends depends on where it starts.
func Himmelblau() optimizers.Problem {
	return optimizers.Problem{
		Name: "himmelblau",
		Func: func(p []float64) float64 {
			a := p[0]*p[0] + p[1] - 11
			b := p[0] + p[1]*p[1] - 7
			return a*a + b*b
		},
		Grad: func(g, p []float64) {
			x, y := p[0], p[1]
			a := x*x + y - 11
			b := x + y*y - 7
			g[0] = 4*x*a + 2*b
			g[1] = 2*a + 4*y*b
		},
		Start: []float64{0, 0},
		// The last three are Newton's method's limits in float64 from nearby points.
		Minima: [][]float64{
			{3, 2},
			{-2.805118086952745, 3.131312518250573},
			{-3.779310253377747, -3.2831859912861696},
			{3.5844283403304917, -1.8481265269644036},
		},
		Bounds: [][2]float64{{-5, 5}, {-5, 5}},
	}
}

// Booth returns f(x, y) = (x+2y−7)² + (2x+y−5)², a convex quadratic. Start (0, 0);
// minimum 0 at (1, 3).
func Booth() optimizers.Problem {
	return optimizers.Problem{
		Name: "booth",
		Func: func(p []float64) float64 {
			a := p[0] + 2*p[1] - 7
			b := 2*p[0] + p[1] - 5
			return a*a + b*b
		},
		Grad: func(g, p []float64) {
			a := p[0] + 2*p[1] - 7
			b := 2*p[0] + p[1] - 5
			g[0] = 2*a + 4*b
			g[1] = 4*a + 2*b
		},
		Start:  []float64{0, 0},
		Minima: [][]float64{{1, 3}},
		Bounds: [][2]float64{{-10, 10}, {-10, 10}},
	}
}

// Rastrigin returns f(x) = 10n + Σ x_i² − 10cos(2πx_i) in n ≥ 1 dimensions: a bowl covered
// in local minima one unit apart, where gradient methods get stuck. Start alternates 3.2
// and −2.3; the global minimum is 0 at the origin.
func Rastrigin(n int) (optimizers.Problem, error) {
	if n < 1 {
		return optimizers.Problem{}, fmt.Errorf("testfunc.Rastrigin: n must be at least 1, got %d", n)
	}
	return optimizers.Problem{
		Name: fmt.Sprintf("rastrigin(%d)", n),
		Func: func(x []float64) float64 {
			s := 10 * float64(len(x))
			for _, v := range x {
				s += v*v - 10*math.Cos(2*math.Pi*v)
			}
			return s
		},
		Grad: func(g, x []float64) {
			for i, v := range x {
				g[i] = 2*v + 20*math.Pi*math.Sin(2*math.Pi*v)
			}
		},
		Start:  alternate(n, 3.2, -2.3),
		Minima: [][]float64{make([]float64, n)},
		Bounds: box(n, 5.12),
	}, nil
}

// Ackley returns f(x) = −20·exp(−0.2·√(Σx_i²/n)) − exp(Σcos(2πx_i)/n) + 20 + e in n ≥ 1
// dimensions: nearly flat far out, with a deep narrow hole at the origin. Start
// alternates 2.5 and −1.5; the global minimum is 0 at the origin (up to rounding), where
// f is not differentiable and Grad returns 0.
func Ackley(n int) (optimizers.Problem, error) {
	if n < 1 {
		return optimizers.Problem{}, fmt.Errorf("testfunc.Ackley: n must be at least 1, got %d", n)
	}
	const a, b, c = 20.0, 0.2, 2 * math.Pi
	parts := func(x []float64) (r, s float64) {
		for _, v := range x {
			r += v * v
			s += math.Cos(c * v)
		}
		nf := float64(len(x))
		return math.Sqrt(r / nf), s / nf
	}
	return optimizers.Problem{
		Name: fmt.Sprintf("ackley(%d)", n),
		Func: func(x []float64) float64 {
			r, s := parts(x)
			return -a*math.Exp(-b*r) - math.Exp(s) + a + math.E
		},
		Grad: func(g, x []float64) {
			r, s := parts(x)
			nf := float64(len(x))
			e1, e2 := math.Exp(-b*r), math.Exp(s)
			for i, v := range x {
				g[i] = e2 * c * math.Sin(c*v) / nf
				if r > 0 {
					g[i] += a * b * e1 * v / (nf * r)
				}
			}
		},
		Start:  alternate(n, 2.5, -1.5),
		Minima: [][]float64{make([]float64, n)},
		Bounds: box(n, 5),
	}, nil
}

// Classic returns the two-dimensional test functions, for tours and plots.
func Classic() []optimizers.Problem {
	ras, _ := Rastrigin(2)
	ack, _ := Ackley(2)
	return []optimizers.Problem{Rosenbrock(), Beale(), Himmelblau(), Booth(), ras, ack}
}

func alternate(n int, even, odd float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = odd
		if i%2 == 0 {
			x[i] = even
		}
	}
	return x
}

func box(n int, h float64) [][2]float64 {
	b := make([][2]float64, n)
	for i := range b {
		b[i] = [2]float64{-h, h}
	}
	return b
}

package testfunc

import (
	"math"
	"strings"
	"testing"

	"github.com/descentlab/descent/optimizers"
)

// must unwraps a constructor's result; the constructors under test only fail on bad
// arguments, which these tests do not pass.
func must(p optimizers.Problem, err error) optimizers.Problem {
	if err != nil {
		panic(err)
	}
	return p
}

func all(t *testing.T) []optimizers.Problem {
	quad := must(Quadratic([][]float64{{3, 0.5, 0}, {0.5, 2, 0.25}, {0, 0.25, 1}}, []float64{1, -2, 0.5}))
	rn := must(RosenbrockN(5))
	r3 := must(Rastrigin(3))
	a3 := must(Ackley(3))
	return append(Classic(), quad, rn, r3, a3)
}

// TestGradientsMatchFiniteDifferences compares every analytic gradient with central
// differences at the start, at the minima (shifted off Ackley's kink) and at fixed
// points.
func TestGradientsMatchFiniteDifferences(t *testing.T) {
	for _, p := range all(t) {
		n := len(p.Start)
		points := [][]float64{p.Start}
		for _, m := range p.Minima {
			q := append([]float64(nil), m...)
			for i := range q {
				q[i] += 0.01 * float64(i+1)
			}
			points = append(points, q)
		}
		for k, c := range []float64{0.3, -0.7, 1.1, -1.9} {
			q := make([]float64, n)
			for i := range q {
				q[i] = c + 0.37*float64(i) - 0.2*float64(k)
			}
			points = append(points, q)
		}
		g := make([]float64, n)
		for _, x := range points {
			p.Grad(g, x)
			for i := range x {
				h := 1e-6 * math.Max(1, math.Abs(x[i]))
				xp := append([]float64(nil), x...)
				xm := append([]float64(nil), x...)
				xp[i] += h
				xm[i] -= h
				fd := (p.Func(xp) - p.Func(xm)) / (2 * h)
				if math.Abs(fd-g[i]) > 1e-5*math.Max(1, math.Abs(fd)) {
					t.Errorf("%s at %v: grad[%d] = %v, central difference %v", p.Name, x, i, g[i], fd)
				}
			}
		}
	}
}

func TestMinimaAreStationary(t *testing.T) {
	for _, p := range all(t) {
		if len(p.Minima) == 0 || len(p.Start) == 0 || len(p.Bounds) != len(p.Start) {
			t.Errorf("%s: %d minima, start %v, %d bounds; want all filled in", p.Name, len(p.Minima), p.Start, len(p.Bounds))
			continue
		}
		g := make([]float64, len(p.Start))
		for _, m := range p.Minima {
			if f := p.Func(m); math.Abs(f-p.MinValue) > 1e-12 {
				t.Errorf("%s: f(%v) = %v, MinValue %v", p.Name, m, f, p.MinValue)
			}
			p.Grad(g, m)
			for i, v := range g {
				if math.Abs(v) > 1e-9 {
					t.Errorf("%s: grad[%d] at minimum %v is %v", p.Name, i, m, v)
				}
			}
			for i, b := range p.Bounds {
				if m[i] < b[0] || m[i] > b[1] || p.Start[i] < b[0] || p.Start[i] > b[1] {
					t.Errorf("%s: bounds %v leave out the minimum %v or the start %v", p.Name, p.Bounds, m, p.Start)
				}
			}
		}
		if f0 := p.Func(p.Start); !(f0 > p.MinValue) {
			t.Errorf("%s: start %v is already at the minimum (f=%v)", p.Name, p.Start, f0)
		}
	}
}

// TestQuadraticMatchesGolden checks the README's quadratic, loss 1.5 and gradient
// [3.25, 2.25, 1.375] at x0 = [1.5, -0.5, 2] as torch computed them, bit for bit.
func TestQuadraticMatchesGolden(t *testing.T) {
	p := must(Quadratic([][]float64{{3, 0.5, 0}, {0.5, 2, 0.25}, {0, 0.25, 1}}, []float64{1, -2, 0.5}))
	x := []float64{1.5, -0.5, 2}
	if f := p.Func(x); f != 1.5 {
		t.Errorf("f(x0) = %v, torch 1.5", f)
	}
	g := make([]float64, 3)
	p.Grad(g, x)
	if g[0] != 3.25 || g[1] != 2.25 || g[2] != 1.375 {
		t.Errorf("grad(x0) = %v, torch [3.25 2.25 1.375]", g)
	}
	// A x* = b at the reported minimiser.
	m := p.Minima[0]
	p.Grad(g, m)
	for i, v := range g {
		if math.Abs(v) > 1e-14 {
			t.Errorf("grad[%d] at A⁻¹b = %v", i, v)
		}
	}
}

func TestQuadraticErrors(t *testing.T) {
	cases := []struct {
		a    [][]float64
		b    []float64
		want string
	}{
		{nil, nil, "empty"},
		{[][]float64{{1}}, []float64{1, 2}, "rows"},
		{[][]float64{{1, 2}, {3}}, []float64{1, 2}, "row 1"},
		{[][]float64{{1, 2}, {3, 4}}, []float64{1, 2}, "symmetric"},
	}
	for _, c := range cases {
		if _, err := Quadratic(c.a, c.b); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Quadratic(%v, %v): err %v, want one mentioning %q", c.a, c.b, err, c.want)
		}
	}
	// Indefinite: a saddle has no minimum to report.
	p, err := Quadratic([][]float64{{1, 0}, {0, -1}}, []float64{0, 0})
	if err != nil || len(p.Minima) != 0 {
		t.Errorf("indefinite quadratic: err %v, minima %v; want none", err, p.Minima)
	}
}

func TestDimensionErrors(t *testing.T) {
	if _, err := RosenbrockN(1); err == nil {
		t.Error("RosenbrockN(1) accepted")
	}
	if _, err := Rastrigin(0); err == nil {
		t.Error("Rastrigin(0) accepted")
	}
	if _, err := Ackley(0); err == nil {
		t.Error("Ackley(0) accepted")
	}
}

// TestRosenbrockNMatchesRosenbrock: the n-dimensional form at n = 2 is the classic one.
func TestRosenbrockNMatchesRosenbrock(t *testing.T) {
	r2 := must(RosenbrockN(2))
	r := Rosenbrock()
	g1, g2 := make([]float64, 2), make([]float64, 2)
	for _, x := range [][]float64{{-1.2, 1}, {0.5, 0.25}, {2, -1}} {
		r.Grad(g1, x)
		r2.Grad(g2, x)
		if math.Abs(r.Func(x)-r2.Func(x)) > 1e-12 || math.Abs(g1[0]-g2[0]) > 1e-12 || math.Abs(g1[1]-g2[1]) > 1e-12 {
			t.Errorf("at %v: %v %v vs %v %v", x, r.Func(x), g1, r2.Func(x), g2)
		}
	}
}

package optimizers

import (
	"math"
	"math/rand"
	"testing"
)

// TestNewtonSchulzOrthogonalises checks what Muon is for: after the quintic iteration
// every singular value of the update is near 1 (the reference's coefficients trade
// exactness for speed and leave them in about [0.7, 1.2]), whatever the gradient's
// scale and orientation.
func TestNewtonSchulzOrthogonalises(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, d := range [][2]int{{20, 30}, {30, 20}, {64, 64}, {1, 5}} {
		r, c := d[0], d[1]
		o := NewMuon()
		o.x, o.bx = make([]float64, r*c), make([]float64, r*c)
		m := min(r, c)
		o.a, o.b, o.t = make([]float64, m*m), make([]float64, m*m), make([]float64, m*m)
		g := randVec(rng, r*c)
		for i := range g {
			g[i] *= 1e3 // the normalisation removes the scale
		}
		x := o.newtonSchulz(g, r, c, 5)
		// X Xᵀ (or Xᵀ X for tall X) has the squared singular values as eigenvalues.
		gram := make([]float64, m*m)
		mul(gram, x, x, m, max(r, c), m, r > c, r <= c)
		w := make([]float64, m)
		if !eigSym(gram, w, make([]float64, eigWork(m)), m) {
			t.Fatal("eigendecomposition failed")
		}
		for _, s2 := range w {
			if s := math.Sqrt(s2); s < 0.6 || s > 1.25 {
				t.Errorf("%dx%d: singular value %.3f of the orthogonalised update", r, c, s)
			}
		}
	}
}

// TestMuonSplitsByShape checks that Muon orthogonalises the matrices and gives Adam the
// rest: without shapes, its step is the aux Adam's alone.
func TestMuonSplitsByShape(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	p, g := randVec(rng, 15), randVec(rng, 15)
	flat, shaped := NewMuon(), NewMuon()
	if err := shaped.SetShapes(Layout([]int{4, 3}, []int{3})); err != nil {
		t.Fatal(err)
	}
	pf, ps := append([]float64(nil), p...), append([]float64(nil), p...)
	_ = flat.Step(pf, g)
	_ = shaped.Step(ps, g)
	if n := len(flat.State().Buffers["momentum_buffer"]); n != 0 {
		t.Errorf("flat Muon kept a momentum buffer of %d", n)
	}
	// Adam's first step moves every parameter by lr in the direction of -g (m/sqrt(v) = ±1).
	for i := range pf {
		if d := pf[i] - p[i]; math.Abs(math.Abs(d)-3e-4) > 1e-9 || (d > 0) == (g[i] > 0) {
			t.Fatalf("flat Muon moved p[%d] by %v for g %v; want Adam's -3e-4·sign(g)", i, d, g[i])
		}
	}
	for i := 12; i < 15; i++ {
		if ps[i] != pf[i] {
			t.Errorf("the bias p[%d] moved by %v with shapes, %v without", i, ps[i]-p[i], pf[i]-p[i])
		}
	}
	if ps[0]-p[0] == pf[0]-p[0] {
		t.Error("the matrix got Adam's step with shapes given")
	}
	if hs := HypersOf(shaped); len(hs) != 2 || hs[0].Float("lr") != 0.02 || hs[1].Float("lr") != 3e-4 {
		t.Errorf("HypersOf(Muon) = %v, want Muon's lr 0.02 and Adam's 3e-4", hs)
	}
}

package optimizers

import (
	"math"
	"strings"
	"testing"
)

// TestGradNorm pins the norms torch.linalg.vector_norm gives, including p = 0 (count of
// non-zeros) and p = -Inf (smallest |g|), where GradNorm once disagreed with vec.Norm.
func TestGradNorm(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	g := []float64{3, -4, 0}
	cases := []struct {
		name  string
		grads []float64
		p     float64
		want  float64
	}{
		{"l2", g, 2, 5},
		{"l1", g, 1, 7},
		{"l3", []float64{1, -2}, 3, math.Cbrt(9)},
		{"l0 counts non-zeros", g, 0, 2},
		{"+inf is the largest |g|", g, inf, 4},
		{"-inf is the smallest |g|", g, -inf, 0},
		{"-inf without zeros", []float64{3, -4}, -inf, 3},
		{"l0.5", []float64{1, 4}, 0.5, 9},
		{"empty l2", nil, 2, 0},
		{"empty -inf", nil, -inf, inf},
		{"NaN propagates through +inf", []float64{1, nan, 5}, inf, nan},
		{"overflows like torch", []float64{1e200, 1e200}, 2, inf},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := GradNorm(c.grads, c.p)
			if got != c.want && !(math.IsNaN(got) && math.IsNaN(c.want)) && !tfNear(got, c.want, 1e-15) {
				t.Errorf("GradNorm(%v, %v) = %v, want %v", c.grads, c.p, got, c.want)
			}
		})
	}
}

func TestClipGradNorm(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		name              string
		grads             []float64
		maxNorm, normType float64
		wantTotal         float64
		wantGrads         []float64
	}{
		{"l2 clipped", []float64{3, 4}, 1, 2, 5, []float64{3 * (1 / (5 + 1e-6)), 4 * (1 / (5 + 1e-6))}},
		{"l2 under max, coef clamped to 1", []float64{3, 4}, 10, 2, 5, []float64{3, 4}},
		{"l2 at max still scales by 1/(1+1e-6/5)", []float64{3, 4}, 5, 2, 5, []float64{3 * (5 / (5 + 1e-6)), 4 * (5 / (5 + 1e-6))}},
		{"inf norm", []float64{-3, 2, 1}, 1, inf, 3, []float64{-3 / (3 + 1e-6), 2 / (3 + 1e-6), 1 / (3 + 1e-6)}},
		{"l1 norm", []float64{1, -2, 3}, 3, 1, 6, []float64{1 * (3 / (6 + 1e-6)), -2 * (3 / (6 + 1e-6)), 3 * (3 / (6 + 1e-6))}},
		{"l3 norm", []float64{1, 2}, 1, 3, math.Cbrt(9), []float64{1 / (math.Cbrt(9) + 1e-6), 2 / (math.Cbrt(9) + 1e-6)}},
		{"zero gradient", []float64{0, 0}, 1, 2, 0, []float64{0, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := append([]float64(nil), c.grads...)
			tr := ClipGradNorm(c.maxNorm, c.normType)
			if err := tr.Before(make([]float64, len(g)), g, 0.1); err != nil {
				t.Fatal(err)
			}
			tfAssertVec(t, "grads", g, c.wantGrads, 1e-15)
			if got := tr.(*NormClipper).LastNorm(); !tfNear(got, c.wantTotal, 1e-15) {
				t.Errorf("LastNorm = %v, want %v", got, c.wantTotal)
			}
		})
	}
}

// TestClipGradNormTensors: with tensor lengths the total is the norm of per-tensor norms
// (5 and 12 for [3, 4] and [12], so 13; max 4 and 12, so 12 for inf).
func TestClipGradNormTensors(t *testing.T) {
	for _, c := range []struct {
		normType, total float64
	}{{2, 13}, {math.Inf(1), 12}, {1, 19}} {
		g := []float64{3, 4, 12}
		clip := &NormClipper{MaxNorm: 1, NormType: c.normType, Tensors: []int{2, 1}}
		if err := clip.Before(make([]float64, 3), g, 0); err != nil {
			t.Fatal(err)
		}
		coef := 1 / (c.total + 1e-6)
		tfAssertVec(t, "grads", g, []float64{3 * coef, 4 * coef, 12 * coef}, 1e-15)
		if clip.LastNorm() != c.total {
			t.Errorf("norm_type %v: LastNorm %v, want %v", c.normType, clip.LastNorm(), c.total)
		}
	}
	bad := &NormClipper{MaxNorm: 1, NormType: 2, Tensors: []int{2, 2}}
	if err := bad.Before(make([]float64, 3), make([]float64, 3), 0); err == nil || !strings.Contains(err.Error(), "cover 4") {
		t.Errorf("mismatched Tensors: %v", err)
	}
}

func TestClipGradNormRejectsBadSettings(t *testing.T) {
	for _, c := range []struct{ maxNorm, normType float64 }{{1, 0}, {1, -2}, {1, math.NaN()}, {-1, 2}, {math.NaN(), 2}} {
		if err := ClipGradNorm(c.maxNorm, c.normType).Before([]float64{1}, []float64{1}, 0); err == nil {
			t.Errorf("ClipGradNorm(%v, %v) accepted", c.maxNorm, c.normType)
		}
	}
}

func TestClipGradNormNaNPropagates(t *testing.T) {
	g := []float64{1, math.NaN()}
	total := ClipNorm(g, 1, 2)
	if !math.IsNaN(total) || !math.IsNaN(g[0]) {
		t.Errorf("NaN gradient: total %v, grads %v; torch propagates NaN", total, g)
	}
}

func TestClipGradValue(t *testing.T) {
	g := []float64{-2, 0.5, 3, -1, 1}
	if err := ClipGradValue(1).Before(make([]float64, 5), g, 0); err != nil {
		t.Fatal(err)
	}
	tfAssertVec(t, "grads", g, []float64{-1, 0.5, 1, -1, 1}, 0)
	if err := ClipGradValue(-1).Before([]float64{0}, []float64{0}, 0); err == nil {
		t.Error("negative clip value accepted")
	}
}

// TestClipGradNormTensorsDoesNotAllocate: the per-tensor norms live in a buffer the
// clipper keeps, so clipping inside a training loop costs no garbage once warm.
func TestClipGradNormTensorsDoesNotAllocate(t *testing.T) {
	clip := &NormClipper{MaxNorm: 1, NormType: 2, Tensors: []int{2, 1}}
	p, g := make([]float64, 3), []float64{3, 4, 12}
	step := func() {
		if err := clip.Before(p, g, 0); err != nil {
			t.Fatal(err)
		}
	}
	step()
	if a := testing.AllocsPerRun(20, step); a != 0 {
		t.Errorf("%v allocations per clip, want 0", a)
	}
}

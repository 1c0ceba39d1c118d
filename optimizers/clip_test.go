package optimizers

import (
	"math"
	"strings"
	"testing"
)

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

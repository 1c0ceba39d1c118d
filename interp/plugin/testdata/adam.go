package plugins

import (
	"math"

	opt "github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/vec"
)

// BenchAdam is torch's Adam without weight decay, written as a plugin.
type BenchAdam struct{ *opt.Base }

func (a *BenchAdam) Step(params, grads []float64) error {
	n := len(params)
	h, st := a.Hyper(), a.State()
	m, v := st.Buffer("exp_avg", n), st.Buffer("exp_avg_sq", n)
	st.Steps++
	b1, b2 := h.Pair("betas")
	lr, eps := h.Float("lr"), h.Float("eps")
	stepSize := lr / vec.BiasCorrection(b1, st.Steps)
	bc2 := math.Sqrt(vec.BiasCorrection(b2, st.Steps))
	return vec.Blocks(n, func(lo, hi int, _ []float64) error {
		m, v := m[lo:hi], v[lo:hi]
		vec.Moments(m, v, b1, b2, grads[lo:hi])
		return vec.AddCDivSqrt(params[lo:hi], -stepSize, m, v, bc2, eps)
	})
}

func init() {
	opt.Register("benchadam", func(h map[string]any) (opt.Optimizer, error) {
		a := &BenchAdam{Base: opt.NewBase("BenchAdam", map[string]any{"lr": 1e-3, "betas": []float64{0.9, 0.999}, "eps": 1e-8})}
		return a, a.Hyper().SetAll(h)
	})
}

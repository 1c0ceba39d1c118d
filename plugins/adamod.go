//go:build ignore

// AdaMod, as a plugin: Adam whose per-parameter step sizes are bounded by their own
// running average (Ding et al., 2019), in the operation order of torch_optimizer.AdaMod.
package plugins

import (
	"fmt"
	"math"

	opt "github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/vec"
)

// AdaMod is Adam with momental bounds: no parameter's step size may exceed the running
// average of its past ones, which tames Adam's large early steps without a warm-up.
//
//	m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²          (g += wd·θ)
//	η ← lr·√(1−β₂ᵗ)/(1−β₁ᵗ) / (√v + ε)
//	s ← β₃s + (1−β₃)η
//	θ ← θ − min(η, s)·m
//
// Hyper-parameters (torch_optimizer's): lr=1e-3, betas=(0.9, 0.999), beta3=0.999,
// eps=1e-8, weight_decay=0. State: exp_avg, exp_avg_sq, exp_avg_lr.
//
// Reference: J. Ding, X. Ren, R. Luo, X. Sun, "An Adaptive and Momental Bound Method for
// Stochastic Learning", arXiv:1910.12249, 2019.
type AdaMod struct{ *opt.Base }

// Step does one AdaMod update, block by block on all cores (vec.Blocks).
func (a *AdaMod) Step(params, grads []float64) error {
	n := len(params)
	if len(grads) != n {
		return fmt.Errorf("AdaMod: %d gradients for %d parameters", len(grads), n)
	}
	h, st := a.Hyper(), a.State()
	lr, eps, wd, b3 := h.Float("lr"), h.Float("eps"), h.Float("weight_decay"), h.Float("beta3")
	b1, b2 := h.Pair("betas")
	m, v, s := st.Buffer("exp_avg", n), st.Buffer("exp_avg_sq", n), st.Buffer("exp_avg_lr", n)
	st.Steps++
	size := lr * math.Sqrt(vec.BiasCorrection(b2, st.Steps)) / vec.BiasCorrection(b1, st.Steps)
	return vec.Blocks(n, func(lo, hi int, eta []float64) error {
		p, g, m, v, s := params[lo:hi], grads[lo:hi], m[lo:hi], v[lo:hi], s[lo:hi]
		if wd != 0 {
			vec.AxpyTo(eta, g, wd, p) // in scratch: grads are the caller's
			g = eta
		}
		vec.Moments(m, v, b1, b2, g)
		vec.SqrtDivAdd(eta, v, 1, eps) // √v + ε
		vec.ScalarDiv(eta, size, eta)  // η
		vec.EMA(s, b3, eta)
		vec.Minimum(eta, eta, s)
		return vec.AddCMul(p, -1, eta, m)
	})
}

func init() {
	opt.RegisterRule("AdaMod", opt.Rule{
		TeX:     `\begin{aligned} \eta_t &= \frac{\gamma\sqrt{1-\beta_2^t}}{(1-\beta_1^t)(\sqrt{v_t}+\epsilon)} \\ s_t &= \beta_3 s_{t-1} + (1-\beta_3)\eta_t \\ \theta_t &= \theta_{t-1} - \min(\eta_t, s_t)\, m_t \end{aligned}`,
		Symbols: map[string]string{"lr": `\gamma`, "betas": `(\beta_1, \beta_2)`, "beta3": `\beta_3`, "eps": `\epsilon`},
		Order:   []string{"lr", "betas", "beta3", "eps", "weight_decay"},
	})
	opt.Register("adamod", func(hyper map[string]any) (opt.Optimizer, error) {
		a := &AdaMod{Base: opt.NewBase("AdaMod", map[string]any{
			"lr": 1e-3, "betas": []float64{0.9, 0.999}, "beta3": 0.999, "eps": 1e-8, "weight_decay": 0.0,
		})}
		return a, a.Hyper().SetAll(hyper)
	})
}

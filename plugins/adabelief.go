//go:build ignore

// AdaBelief, as a plugin: the optimizer of Zhuang et al. (NeurIPS 2020), in the operation
// order of torch_optimizer.AdaBelief, so that it replays that implementation's reference
// trajectories.
package plugins

import (
	"fmt"
	"math"

	opt "github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/vec"
)

// AdaBelief scales Adam's step by the belief in the gradient: its variance around the
// running mean, rather than its raw second moment.
//
//	m ← β₁m + (1−β₁)g                       (g += wd·θ, or θ ← θ(1−lr·wd) when decoupled)
//	s ← β₂s + (1−β₂)(g−m)² + ε              (amsgrad: ŝ ← max(ŝ, s) + ε, used below for s)
//	θ ← θ − lr/(1−β₁ᵗ) · m / (√s / √(1−β₂ᵗ) + ε)
//
// With rectify, the step is RAdam's: r_t·lr/(1−β₁ᵗ) when ρ_t > 4, else θ ← θ − lr·m.
// Hyper-parameters (torch_optimizer's): lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
// weight_decay=0, amsgrad=false, weight_decouple=false, fixed_decay=false, rectify=false.
// State: exp_avg, exp_avg_var, max_exp_avg_var (amsgrad), rho_inf and rho_t (rectify).
//
// Reference: J. Zhuang et al., "AdaBelief Optimizer: Adapting Stepsizes by the Belief in
// Observed Gradients", NeurIPS 2020, arXiv:2010.07468.
type AdaBelief struct{ *opt.Base }

// Step does one AdaBelief update, block by block on all cores (vec.Blocks).
func (a *AdaBelief) Step(params, grads []float64) error {
	n := len(params)
	if len(grads) != n {
		return fmt.Errorf("AdaBelief: %d gradients for %d parameters", len(grads), n)
	}
	h, st := a.Hyper(), a.State()
	lr, eps, wd := h.Float("lr"), h.Float("eps"), h.Float("weight_decay")
	b1, b2 := h.Pair("betas")
	decouple, amsgrad, rectify := h.Bool("weight_decouple"), h.Bool("amsgrad"), h.Bool("rectify")
	m, s := st.Buffer("exp_avg", n), st.Buffer("exp_avg_var", n)
	var smax []float64
	if amsgrad {
		smax = st.Buffer("max_exp_avg_var", n)
	}
	rhoInf := 2/(1-b2) - 1
	st.Scalars["rho_inf"] = rhoInf
	st.Steps++
	t := st.Steps
	bc1 := vec.BiasCorrection(b1, t)
	keep := 1 - lr*wd // decoupled decay, every step even when wd is 0
	if h.Bool("fixed_decay") {
		keep = 1 - wd
	}
	// The step's coefficient, and whether it divides by the denominator.
	coef, adaptive := -(lr / bc1), true
	if rectify {
		b2t := vec.Pow(b2, t)
		rhoT := rhoInf - (2*float64(t)*b2t)/(1-b2t)
		st.Scalars["rho_t"] = rhoT
		if rhoT > 4 {
			rt := math.Sqrt(((((rhoT - 4) * (rhoT - 2)) * rhoInf) / (rhoInf - 4)) / (rhoInf - 2) / rhoT)
			coef = -((rt * lr) / bc1)
		} else {
			coef, adaptive = -lr, false
		}
	}
	d := math.Sqrt(vec.BiasCorrection(b2, t))
	return vec.Blocks(n, func(lo, hi int, r []float64) error {
		p, g, m, s := params[lo:hi], grads[lo:hi], m[lo:hi], s[lo:hi]
		if decouple {
			vec.Scale(p, keep)
		} else if wd != 0 {
			vec.AxpyTo(r, g, wd, p) // g + wd·θ, in scratch: grads are the caller's
			g = r
		}
		vec.EMA(m, b1, g)
		vec.SubTo(r, g, m) // g − m
		vec.EMASq(s, b2, r)
		den := s
		if amsgrad {
			den = smax[lo:hi]
			vec.Maximum(den, den, s)
		}
		vec.AddConst(den, eps)
		if !adaptive {
			return vec.Axpy(p, coef, m)
		}
		return vec.AddCDivSqrt(p, coef, m, den, d, eps)
	})
}

func init() {
	opt.RegisterRule("AdaBelief", opt.Rule{
		TeX:     `\begin{aligned} m_t &= \beta_1 m_{t-1} + (1-\beta_1) g_t \\ s_t &= \beta_2 s_{t-1} + (1-\beta_2)(g_t - m_t)^2 + \epsilon \\ \theta_t &= \theta_{t-1} - \frac{\gamma}{1-\beta_1^t}\,\frac{m_t}{\sqrt{s_t}/\sqrt{1-\beta_2^t} + \epsilon} \end{aligned}`,
		Symbols: map[string]string{"lr": `\gamma`, "betas": `(\beta_1, \beta_2)`, "eps": `\epsilon`},
		Order:   []string{"lr", "betas", "eps", "weight_decay", "amsgrad", "weight_decouple", "fixed_decay", "rectify"},
	})
	opt.Register("adabelief", func(hyper map[string]any) (opt.Optimizer, error) {
		a := &AdaBelief{Base: opt.NewBase("AdaBelief", map[string]any{
			"lr": 1e-3, "betas": []float64{0.9, 0.999}, "eps": 1e-8, "weight_decay": 0.0,
			"amsgrad": false, "weight_decouple": false, "fixed_decay": false, "rectify": false,
		})}
		return a, a.Hyper().SetAll(hyper)
	})
}

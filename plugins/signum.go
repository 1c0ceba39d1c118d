//go:build ignore

// Signum and signSGD, as a plugin: optimizers that step by the sign of the gradient (or of
// its momentum), from Bernstein et al. (ICML 2018).
package plugins

import (
	"fmt"

	opt "github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/vec"
)

// Signum steps every parameter by lr against the sign of the gradient's momentum. The
// step ignores the gradient's scale, and needs one bit per coordinate.
//
//	g ← g + wd·θ
//	m ← β·m + (1−β)·g                        (momentum=0: m = g, which is signSGD)
//	θ ← θ − lr·sign(m)
//
// Hyper-parameters: lr=1e-3, momentum=0.9 (β), weight_decay=0. State: momentum_buffer.
// Registered as "signum", and as "signsgd" with momentum=0.
//
// Reference: J. Bernstein, Y.-X. Wang, K. Azizzadenesheli, A. Anandkumar, "signSGD:
// Compressed Optimisation for Non-Convex Problems", ICML 2018, arXiv:1802.04434.
type Signum struct{ *opt.Base }

// Step does one Signum update, block by block on all cores (vec.Blocks).
func (s *Signum) Step(params, grads []float64) error {
	n := len(params)
	if len(grads) != n {
		return fmt.Errorf("%s: %d gradients for %d parameters", s.Name(), len(grads), n)
	}
	h, st := s.Hyper(), s.State()
	lr, beta, wd := h.Float("lr"), h.Float("momentum"), h.Float("weight_decay")
	var buf []float64
	if beta != 0 {
		buf = st.Buffer("momentum_buffer", n)
	}
	st.Steps++
	return vec.Blocks(n, func(lo, hi int, r []float64) error {
		p, g := params[lo:hi], grads[lo:hi]
		if wd != 0 {
			vec.AxpyTo(r, g, wd, p) // in scratch: grads are the caller's
			g = r
		}
		if beta != 0 {
			m := buf[lo:hi]
			vec.EMA(m, beta, g)
			g = m
		}
		return vec.SignStep(p, lr, g)
	})
}

// newSignum returns a factory of Signum with the given name and default momentum.
func newSignum(name string, momentum float64) opt.Factory {
	return func(hyper map[string]any) (opt.Optimizer, error) {
		s := &Signum{Base: opt.NewBase(name, map[string]any{"lr": 1e-3, "momentum": momentum, "weight_decay": 0.0})}
		if err := s.Hyper().SetAll(hyper); err != nil {
			return nil, err
		}
		if m := s.Hyper().Float("momentum"); m < 0 || m >= 1 {
			return nil, fmt.Errorf("%s: momentum %v, want 0 <= momentum < 1", name, m)
		}
		return s, nil
	}
}

func init() {
	rule := opt.Rule{
		TeX:     `\begin{aligned} m_t &= \beta m_{t-1} + (1-\beta) g_t \\ \theta_t &= \theta_{t-1} - \gamma\,\mathrm{sign}(m_t) \end{aligned}`,
		Symbols: map[string]string{"lr": `\gamma`, "momentum": `\beta`},
		Order:   []string{"lr", "momentum", "weight_decay"},
	}
	opt.RegisterRule("Signum", rule)
	opt.RegisterRule("signSGD", rule)
	opt.Register("signum", newSignum("Signum", 0.9))
	opt.Register("signsgd", newSignum("signSGD", 0))
}

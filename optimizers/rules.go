package optimizers

import (
	"sort"
	"strings"
	"sync"
)

// Rule is an optimizer's update rule as a notebook typesets it: what an optimizer's rich
// display shows under its hyper-parameters.
type Rule struct {
	// TeX is the update in LaTeX math without delimiters, usually an aligned block; g_t is
	// the gradient at step t and θ the parameters.
	TeX string
	// Symbols maps hyper-parameter names to the symbols TeX uses for them, such as
	// "lr": `\gamma`, so the display can say which is which.
	Symbols map[string]string
	// Order lists hyper-parameter names in the order String shows them (torch's
	// constructor order); names left out follow, lr first and the rest sorted.
	Order []string
}

var rules = struct {
	sync.RWMutex
	m map[string]Rule
}{m: map[string]Rule{}}

// RegisterRule records r as the update rule of the optimizers named name (compared as
// FoldName folds them), which every optimizer with that Name shows. Built-ins register
// theirs here; an optimizer defined elsewhere registers its own with one call, and a
// notebook plugin can also set one per instance with Base.SetRule. A later call replaces
// an earlier one.
func RegisterRule(name string, r Rule) {
	rules.Lock()
	defer rules.Unlock()
	rules.m[FoldName(name)] = r
}

// RuleOf returns the update rule registered for name, and false if there is none. A
// wrapper named after what it wraps, such as "Lookahead(Adam)", has the rule registered
// for the part before the parenthesis ("Lookahead") unless its whole name has one.
func RuleOf(name string) (Rule, bool) {
	rules.RLock()
	defer rules.RUnlock()
	if r, ok := rules.m[FoldName(name)]; ok {
		return r, true
	}
	if i := strings.IndexByte(name, '('); i > 0 && strings.HasSuffix(name, ")") {
		r, ok := rules.m[FoldName(name[:i])]
		return r, ok
	}
	return Rule{}, false
}

// order returns the hyper-parameter names of h in display order: those of r.Order that h
// has, then lr, then the rest sorted.
func (r Rule) order(h *Hyper) []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if h.Has(n) && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, n := range r.Order {
		add(n)
	}
	add("lr")
	rest := h.Names()
	sort.Strings(rest)
	for _, n := range rest {
		add(n)
	}
	return out
}

// Symbols shared by many rules.
var (
	symAdam = map[string]string{"lr": `\gamma`, "betas": `\beta_1, \beta_2`, "eps": `\epsilon`, "weight_decay": `\lambda`}
	adamTeX = `\begin{aligned}
g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
m_t &= \beta_1 m_{t-1} + (1-\beta_1)\,g_t \\
v_t &= \beta_2 v_{t-1} + (1-\beta_2)\,g_t^2 \\
\hat m_t &= m_t/(1-\beta_1^t), \quad \hat v_t = v_t/(1-\beta_2^t) \quad (\text{amsgrad: } \hat v_t = \max(\hat v_{t-1}, \hat v_t)) \\
\theta_t &= \theta_{t-1} - \gamma\,\hat m_t / (\sqrt{\hat v_t} + \epsilon)
\end{aligned}`
)

// The built-in optimizers' rules, after torch.optim 1.13's documentation (maximize,
// which negates g_t, is left out).
func init() {
	for name, r := range map[string]Rule{
		"SGD": {
			TeX: `\begin{aligned}
g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
b_t &= \mu\, b_{t-1} + (1-\tau)\, g_t \quad (b_1 = g_1) \\
d_t &= g_t + \mu\, b_t \ \text{(nesterov)}, \quad d_t = b_t \ \text{(otherwise; } g_t \text{ when } \mu = 0) \\
\theta_t &= \theta_{t-1} - \gamma\, d_t
\end{aligned}`,
			Symbols: map[string]string{"lr": `\gamma`, "momentum": `\mu`, "dampening": `\tau`, "weight_decay": `\lambda`},
			Order:   []string{"lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"},
		},
		"Adam": {TeX: adamTeX, Symbols: symAdam, Order: []string{"lr", "betas", "eps", "weight_decay", "amsgrad", "maximize"}},
		"AdamW": {
			TeX: `\begin{aligned}
\theta_{t-1} &\leftarrow \theta_{t-1}\,(1 - \gamma\lambda) \\
m_t &= \beta_1 m_{t-1} + (1-\beta_1)\,g_t, \quad v_t = \beta_2 v_{t-1} + (1-\beta_2)\,g_t^2 \\
\hat m_t &= m_t/(1-\beta_1^t), \quad \hat v_t = v_t/(1-\beta_2^t) \quad (\text{amsgrad: } \hat v_t = \max(\hat v_{t-1}, \hat v_t)) \\
\theta_t &= \theta_{t-1} - \gamma\,\hat m_t / (\sqrt{\hat v_t} + \epsilon)
\end{aligned}`,
			Symbols: symAdam, Order: []string{"lr", "betas", "eps", "weight_decay", "amsgrad", "maximize"},
		},
		"RMSprop": {
			TeX: `\begin{aligned}
g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
v_t &= \alpha v_{t-1} + (1-\alpha)\,g_t^2 \\
\tilde v_t &= v_t - \bar g_t^2,\ \ \bar g_t = \alpha \bar g_{t-1} + (1-\alpha)\, g_t \ \text{(centered)}, \quad \tilde v_t = v_t \ \text{(otherwise)} \\
b_t &= \mu\, b_{t-1} + g_t / (\sqrt{\tilde v_t} + \epsilon) \\
\theta_t &= \theta_{t-1} - \gamma\, b_t
\end{aligned}`,
			Symbols: map[string]string{"lr": `\gamma`, "alpha": `\alpha`, "eps": `\epsilon`, "weight_decay": `\lambda`, "momentum": `\mu`},
			Order:   []string{"lr", "alpha", "eps", "weight_decay", "momentum", "centered", "maximize"},
		},
		"Adagrad": {
			TeX: `\begin{aligned}
g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
\tilde\gamma &= \gamma / (1 + (t-1)\,\eta) \\
s_t &= s_{t-1} + g_t^2 \quad (s_0 = \text{initial\_accumulator\_value}) \\
\theta_t &= \theta_{t-1} - \tilde\gamma\, g_t / (\sqrt{s_t} + \epsilon)
\end{aligned}`,
			Symbols: map[string]string{"lr": `\gamma`, "lr_decay": `\eta`, "weight_decay": `\lambda`, "eps": `\epsilon`},
			Order:   []string{"lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "maximize"},
		},
		"Adadelta": {
			TeX: `\begin{aligned}
g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
v_t &= \rho\, v_{t-1} + (1-\rho)\,g_t^2 \\
\Delta_t &= g_t\,\sqrt{u_{t-1} + \epsilon} / \sqrt{v_t + \epsilon} \\
u_t &= \rho\, u_{t-1} + (1-\rho)\,\Delta_t^2 \\
\theta_t &= \theta_{t-1} - \gamma\,\Delta_t
\end{aligned}`,
			Symbols: map[string]string{"lr": `\gamma`, "rho": `\rho`, "eps": `\epsilon`, "weight_decay": `\lambda`},
			Order:   []string{"lr", "rho", "eps", "weight_decay", "maximize"},
		},
		"Adamax": {
			TeX: `\begin{aligned}
g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
m_t &= \beta_1 m_{t-1} + (1-\beta_1)\,g_t \\
u_t &= \max(\beta_2 u_{t-1},\ |g_t| + \epsilon) \\
\theta_t &= \theta_{t-1} - \frac{\gamma}{1-\beta_1^t}\, m_t / u_t
\end{aligned}`,
			Symbols: symAdam, Order: []string{"lr", "betas", "eps", "weight_decay", "maximize"},
		},
		"NAdam": {
			TeX: `\begin{aligned}
g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
\mu_t &= \beta_1\,(1 - \tfrac12\, 0.96^{t\psi}) \\
m_t &= \beta_1 m_{t-1} + (1-\beta_1)\,g_t, \quad v_t = \beta_2 v_{t-1} + (1-\beta_2)\,g_t^2, \quad \hat v_t = v_t/(1-\beta_2^t) \\
\theta_t &= \theta_{t-1} - \gamma\,\frac{\mu_{t+1}\, m_t}{(1-\prod_{i=1}^{t+1}\mu_i)(\sqrt{\hat v_t}+\epsilon)} - \gamma\,\frac{(1-\mu_t)\, g_t}{(1-\prod_{i=1}^{t}\mu_i)(\sqrt{\hat v_t}+\epsilon)}
\end{aligned}`,
			Symbols: map[string]string{"lr": `\gamma`, "betas": `\beta_1, \beta_2`, "eps": `\epsilon`, "weight_decay": `\lambda`, "momentum_decay": `\psi`},
			Order:   []string{"lr", "betas", "eps", "weight_decay", "momentum_decay"},
		},
		"RAdam": {
			TeX: `\begin{aligned}
g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
m_t &= \beta_1 m_{t-1} + (1-\beta_1)\,g_t, \quad v_t = \beta_2 v_{t-1} + (1-\beta_2)\,g_t^2, \quad \hat m_t = m_t/(1-\beta_1^t) \\
\rho_\infty &= 2/(1-\beta_2) - 1, \quad \rho_t = \rho_\infty - 2t\beta_2^t/(1-\beta_2^t) \\
\theta_t &= \theta_{t-1} - \gamma\,\hat m_t\, r_t \frac{\sqrt{1-\beta_2^t}}{\sqrt{v_t}+\epsilon} \ \text{if } \rho_t > 5, \quad r_t = \sqrt{\tfrac{(\rho_t-4)(\rho_t-2)\rho_\infty}{(\rho_\infty-4)(\rho_\infty-2)\rho_t}}; \quad \text{else } \theta_t = \theta_{t-1} - \gamma\,\hat m_t
\end{aligned}`,
			Symbols: map[string]string{"lr": `\gamma`, "betas": `\beta_1, \beta_2`, "eps": `\epsilon`, "weight_decay": `\lambda`},
			Order:   []string{"lr", "betas", "eps", "weight_decay"},
		},
		"Lion": {
			TeX: `\begin{aligned}
c_t &= \beta_1 m_{t-1} + (1-\beta_1)\,g_t \\
\theta_t &= \theta_{t-1}\,(1-\gamma\lambda) - \gamma\,\operatorname{sign}(c_t) \\
m_t &= \beta_2 m_{t-1} + (1-\beta_2)\,g_t
\end{aligned}`,
			Symbols: map[string]string{"lr": `\gamma`, "betas": `\beta_1, \beta_2`, "weight_decay": `\lambda`},
			Order:   []string{"lr", "betas", "weight_decay"},
		},
		"Rprop": {
			TeX: `\begin{aligned}
\eta_t &= \begin{cases} \min(\eta_{t-1}\,\eta_+,\ \Gamma_{\max}) & g_t\, g_{t-1} > 0 \\ \max(\eta_{t-1}\,\eta_-,\ \Gamma_{\min}),\ \ g_t \leftarrow 0 & g_t\, g_{t-1} < 0 \\ \eta_{t-1} & \text{otherwise} \end{cases} \quad (\eta_0 = \gamma) \\
\theta_t &= \theta_{t-1} - \eta_t\,\operatorname{sign}(g_t)
\end{aligned}`,
			Symbols: map[string]string{"lr": `\gamma`, "etas": `\eta_-, \eta_+`, "step_sizes": `\Gamma_{\min}, \Gamma_{\max}`},
			Order:   []string{"lr", "etas", "step_sizes", "maximize"},
		},
		"ASGD": {
			TeX: `\begin{aligned}
g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
\theta_t &= \theta_{t-1}\,(1 - \lambda_d\,\eta_t) - \eta_t\, g_t \\
\bar\theta_t &= \bar\theta_{t-1} + \mu_t\,(\theta_t - \bar\theta_{t-1}) \\
\eta_{t+1} &= \gamma / (1 + \lambda_d\,\gamma\, t)^{\alpha}, \quad \mu_{t+1} = 1/\max(1,\ t - t_0)
\end{aligned}`,
			Symbols: map[string]string{"lr": `\gamma`, "lambd": `\lambda_d`, "alpha": `\alpha`, "t0": `t_0`, "weight_decay": `\lambda`},
			Order:   []string{"lr", "lambd", "alpha", "t0", "weight_decay", "maximize"},
		},
		"LBFGS": {
			TeX: `\begin{aligned}
d_t &= -H_t\, g_t \quad \text{(two-loop recursion over the last } m \text{ pairs } s_i = \theta_{i+1}-\theta_i,\ y_i = g_{i+1}-g_i) \\
H_t^0 &= \frac{s^\top y}{y^\top y}\, I \\
\theta_t &= \theta_{t-1} + \alpha_t\, d_t, \quad \alpha_t = \gamma \ \text{or from a strong-Wolfe line search}
\end{aligned}`,
			Symbols: map[string]string{"lr": `\gamma`, "history_size": `m`},
			Order:   []string{"lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change", "history_size"},
		},
	} {
		RegisterRule(name, r)
	}
}

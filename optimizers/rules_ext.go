package optimizers

// The update rules of the optimizers beyond torch.optim, after their reference
// implementations' operation order (the README of the ext golden trajectories states them
// line by line). As in rules.go, γ is lr, λ weight_decay and ε eps wherever an optimizer
// has them; ‖·‖ is the Euclidean norm of one tensor (the layer-wise optimizers apply their
// rule per tensor, see SetShapes) and products, squares, quotients and roots of vectors act
// elementwise.
func init() {
	symAdamLike := map[string]string{"lr": `\gamma`, "betas": `\beta_1, \beta_2`, "eps": `\epsilon`, "weight_decay": `\lambda`}
	with := func(base map[string]string, extra map[string]string) map[string]string {
		m := make(map[string]string, len(base)+len(extra))
		for k, v := range base {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	for name, r := range map[string]Rule{
		"Lamb": {
			TeX: `\begin{aligned}
m_t &= \beta_1 m_{t-1} + (1-\beta_1)\,g_t, \quad v_t = \beta_2 v_{t-1} + (1-\beta_2)\,g_t^2 \\
c_t &= \sqrt{1-\beta_2^t}\,/\,(1-\beta_1^t) \ \text{(debias)}, \quad c_t = 1 \ \text{(otherwise)} \\
a_t &= m_t / (\sqrt{v_t} + \epsilon) + \lambda\,\theta_{t-1} \\
r_t &= \min(\lVert\theta_{t-1}\rVert,\ \kappa) / \lVert a_t \rVert \quad \text{per tensor; } r_t = 1 \text{ if either norm is } 0 \text{ or adam} \\
\theta_t &= \theta_{t-1} - \gamma\, c_t\, r_t\, a_t
\end{aligned}`,
			Symbols: with(symAdamLike, map[string]string{"clamp_value": `\kappa`}),
			Order:   []string{"lr", "betas", "eps", "weight_decay", "clamp_value", "adam", "debias"},
		},
		"LARS": {
			TeX: `\begin{aligned}
d_t &= \eta\,\frac{\lVert\theta_{t-1}\rVert}{\lVert g_t\rVert + \lambda\lVert\theta_{t-1}\rVert + \epsilon}\,(g_t + \lambda\,\theta_{t-1}) \quad \text{per tensor; } d_t = g_t \text{ if } \lambda = 0 \text{ or } \lVert\theta_{t-1}\rVert\,\lVert g_t\rVert = 0 \\
b_t &= \mu\, b_{t-1} + (1-\tau)\, d_t \quad (b_1 = d_1) \\
u_t &= d_t + \mu\, b_t \ \text{(nesterov)}, \quad u_t = b_t \ \text{(otherwise; } d_t \text{ when } \mu = 0) \\
\theta_t &= \theta_{t-1} - \gamma\, u_t
\end{aligned}`,
			Symbols: map[string]string{"lr": `\gamma`, "momentum": `\mu`, "dampening": `\tau`, "weight_decay": `\lambda`,
				"trust_coefficient": `\eta`, "eps": `\epsilon`},
			Order: []string{"lr", "momentum", "dampening", "weight_decay", "nesterov", "trust_coefficient", "eps"},
		},
		"Yogi": {
			TeX: `\begin{aligned}
g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
m_t &= \beta_1 m_{t-1} + (1-\beta_1)\,g_t \quad (m_0 = v_0 = v_{\text{init}}) \\
v_t &= v_{t-1} - (1-\beta_2)\,\operatorname{sign}(v_{t-1} - g_t^2)\,g_t^2 \\
\theta_t &= \theta_{t-1} - \frac{\gamma}{1-\beta_1^t}\, m_t \Big/ \Big(\sqrt{v_t}\,/\sqrt{1-\beta_2^t} + \epsilon\Big)
\end{aligned}`,
			Symbols: with(symAdamLike, map[string]string{"initial_accumulator": `v_{\text{init}}`}),
			Order:   []string{"lr", "betas", "eps", "initial_accumulator", "weight_decay"},
		},
		"AdaBound": {
			TeX: `\begin{aligned}
g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \\
m_t &= \beta_1 m_{t-1} + (1-\beta_1)\,g_t, \quad v_t = \beta_2 v_{t-1} + (1-\beta_2)\,g_t^2, \quad \hat v_t = v_t \quad (\text{amsbound: } \hat v_t = \max(\hat v_{t-1}, v_t)) \\
\gamma^* &= \gamma_\infty\,\gamma/\gamma_0, \quad \ell_t = \gamma^*\Big(1 - \frac{1}{\kappa t + 1}\Big), \quad u_t = \gamma^*\Big(1 + \frac{1}{\kappa t}\Big) \quad (\gamma_0 \text{: lr at the first step}) \\
\eta_t &= \operatorname{clip}\Big(\frac{\gamma\sqrt{1-\beta_2^t}}{(1-\beta_1^t)(\sqrt{\hat v_t} + \epsilon)},\ \ell_t,\ u_t\Big) \\
\theta_t &= \theta_{t-1} - \eta_t\, m_t
\end{aligned}`,
			Symbols: with(symAdamLike, map[string]string{"final_lr": `\gamma_\infty`, "gamma": `\kappa`}),
			Order:   []string{"lr", "betas", "final_lr", "gamma", "eps", "weight_decay", "amsbound"},
		},
		"MADGRAD": {
			TeX: `\begin{aligned}
g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1}, \quad w_t = (\gamma + \epsilon)\sqrt{t} \\
s_t &= s_{t-1} + w_t\, g_t, \quad S_t = S_{t-1} + w_t\, g_t^2 \quad (s_0 = S_0 = 0) \\
z_t &= \theta_0 - s_t / (S_t^{1/3} + \epsilon) \\
\theta_t &= \mu\,\theta_{t-1} + (1-\mu)\, z_t
\end{aligned}`,
			Symbols: map[string]string{"lr": `\gamma`, "momentum": `\mu`, "weight_decay": `\lambda`, "eps": `\epsilon`},
			Order:   []string{"lr", "momentum", "weight_decay", "eps"},
		},
		"NovoGrad": {
			TeX: `\begin{aligned}
v_t &= \beta_2 v_{t-1} + (1-\beta_2)\,\lVert g_t\rVert^2 \quad \text{per tensor; } v_t = \lVert g_t\rVert^2 \text{ while } v_{t-1} = 0 \\
\hat v_t &= v_t \quad (\text{amsgrad: } \hat v_t = \max(\hat v_{t-1}, v_t)), \quad d_t = g_t / (\sqrt{\hat v_t} + \epsilon) + \lambda\,\theta_{t-1} \\
m_t &= \beta_1 m_{t-1} + (1-\beta_1)\, d_t \ \text{(grad\_averaging)}, \quad m_t = \beta_1 m_{t-1} + d_t \ \text{(otherwise)} \\
\theta_t &= \theta_{t-1} - \gamma\, m_t
\end{aligned}`,
			Symbols: symAdamLike,
			Order:   []string{"lr", "betas", "eps", "weight_decay", "grad_averaging", "amsgrad"},
		},
		"QHAdam": {
			TeX: `\begin{aligned}
g_t &= \nabla f(\theta_{t-1}) + \lambda\,\theta_{t-1} \quad (\text{decouple\_weight\_decay: } g_t = \nabla f(\theta_{t-1}),\ \theta_{t-1} \leftarrow (1-\gamma\lambda)\,\theta_{t-1}) \\
w_{1,t} &= 1 + \beta_1 w_{1,t-1}, \quad w_{2,t} = 1 + \beta_2 w_{2,t-1} \quad (w_{1,0} = w_{2,0} = 0) \\
m_t &= \Big(1 - \frac{1}{w_{1,t}}\Big) m_{t-1} + \frac{g_t}{w_{1,t}}, \quad v_t = \Big(1 - \frac{1}{w_{2,t}}\Big) v_{t-1} + \frac{g_t^2}{w_{2,t}} \\
\theta_t &= \theta_{t-1} - \gamma\, \frac{(1-\nu_1)\, g_t + \nu_1 m_t}{\sqrt{(1-\nu_2)\, g_t^2 + \nu_2 v_t} + \epsilon}
\end{aligned}`,
			Symbols: with(symAdamLike, map[string]string{"nus": `\nu_1, \nu_2`}),
			Order:   []string{"lr", "betas", "nus", "weight_decay", "decouple_weight_decay", "eps"},
		},
		"Lookahead": {
			TeX: `\begin{aligned}
\tilde\theta_t &= \text{one step of the inner optimizer from } \theta_{t-1} \\
\theta_t &= \alpha\,\tilde\theta_t + (1-\alpha)\,\phi, \quad \phi \leftarrow \theta_t \quad \text{if } t \equiv 1 \pmod{k} \quad (\phi = \tilde\theta_1 \text{ at } t = 1) \\
\theta_t &= \tilde\theta_t \quad \text{otherwise}
\end{aligned}`,
			Symbols: map[string]string{"k": `k`, "alpha": `\alpha`},
			Order:   []string{"k", "alpha"},
		},
		"AdamWScheduleFreeReference": {
			TeX: `\begin{aligned}
\gamma_t &= \gamma\min(1,\ t/T), \quad \gamma^{\max}_t = \max(\gamma^{\max}_{t-1}, \gamma_t), \quad w_t = t^r\,(\gamma^{\max}_t)^q, \quad c_t = w_t \Big/ \textstyle\sum_{i \le t} w_i \\
g_t &= \nabla f(y_{t-1}), \quad z_{t-1} \leftarrow z_{t-1} - \gamma_t\lambda\, y_{t-1} \quad (\text{decay\_at\_z: } - \gamma_t\lambda\, z_{t-1}) \\
v_t &= \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2, \quad u_t = g_t \quad (\text{inner momentum } \mu > 0\text{: } u_t = \hat m_t,\ m_t = \mu\, m_{t-1} + (1-\mu)\, g_t,\ \hat m_t = m_t/(1-\mu^t)) \\
z_t &= z_{t-1} - \gamma_t\, u_t \Big/ \Big(\sqrt{v_t/(1-\beta_2^t)} + \epsilon\Big) \\
x_t &= (1-c_t)\, x_{t-1} + c_t\, z_t \quad \text{(the evaluation point)} \\
\theta_t &= y_t = (1-\beta_1)\, z_t + \beta_1 x_t \quad (x_0 = y_0 = z_0 = \theta_0)
\end{aligned}`,
			Symbols: with(symAdamLike, map[string]string{"warmup_steps": `T`, "r": `r`, "weight_lr_power": `q`, "inner_momentum": `\mu`}),
			Order:   []string{"lr", "betas", "eps", "weight_decay", "warmup_steps", "r", "weight_lr_power", "decay_at_z", "inner_momentum"},
		},
		"SGDScheduleFreeReference": {
			TeX: `\begin{aligned}
\gamma_t &= \gamma\min(1,\ t/T), \quad \gamma^{\max}_t = \max(\gamma^{\max}_{t-1}, \gamma_t), \quad w_t = t^r\,(\gamma^{\max}_t)^q, \quad c_t = w_t \Big/ \textstyle\sum_{i \le t} w_i \\
g_t &= \nabla f(y_{t-1}) + \lambda\, y_{t-1} \\
z_t &= z_{t-1} - \gamma_t\, g_t \\
x_t &= (1-c_t)\, x_{t-1} + c_t\, z_t \quad \text{(the evaluation point)} \\
\theta_t &= y_t = (1-\beta)\, z_t + \beta\, x_t \quad (x_0 = y_0 = z_0 = \theta_0)
\end{aligned}`,
			Symbols: map[string]string{"lr": `\gamma`, "momentum": `\beta`, "weight_decay": `\lambda`, "warmup_steps": `T`, "r": `r`, "weight_lr_power": `q`},
			Order:   []string{"lr", "momentum", "weight_decay", "warmup_steps", "r", "weight_lr_power"},
		},
		"Adafactor": {
			TeX: `\begin{aligned}
\rho_t &= \min(10^{-2},\ 1/\sqrt t) \ \ (\text{warmup\_init: } \min(10^{-6}\, t,\ 1/\sqrt t)) \ \text{(relative\_step)}, \quad \rho_t = \gamma \ \text{(otherwise)} \\
\alpha_t &= \max(\epsilon_2,\ \operatorname{RMS}(\theta_{t-1}))\,\rho_t \ \text{(scale\_parameter)}, \quad \alpha_t = \rho_t \ \text{(otherwise)}; \quad \hat\beta_{2,t} = 1 - t^{\delta} \\
R_t &= \hat\beta_{2,t} R_{t-1} + (1-\hat\beta_{2,t})\operatorname{mean}_j(G_t^2 + \epsilon_1), \quad C_t = \hat\beta_{2,t} C_{t-1} + (1-\hat\beta_{2,t})\operatorname{mean}_i(G_t^2 + \epsilon_1) \\
\hat V_t &= R_t C_t^\top / \operatorname{mean}(R_t) \ \text{(a matrix, factored)}, \quad \hat V_t = \hat\beta_{2,t} \hat V_{t-1} + (1-\hat\beta_{2,t})(g_t^2 + \epsilon_1) \ \text{(otherwise)} \\
U_t &= g_t / \sqrt{\hat V_t}, \quad \hat U_t = U_t / \max(1,\ \operatorname{RMS}(U_t)/d) \\
m_t &= \beta_1 m_{t-1} + (1-\beta_1)\,\alpha_t \hat U_t \\
\theta_t &= (1 - \lambda\alpha_t)\,\theta_{t-1} - m_t
\end{aligned}`,
			Symbols: map[string]string{"lr": `\gamma`, "eps2": `\epsilon_1, \epsilon_2`, "clip_threshold": `d`, "decay_rate": `\delta`,
				"beta1": `\beta_1`, "weight_decay": `\lambda`},
			Order: []string{"lr", "eps2", "clip_threshold", "decay_rate", "beta1", "weight_decay", "scale_parameter",
				"relative_step", "warmup_init", "factored"},
		},
		"Shampoo": {
			TeX: `\begin{aligned}
\tilde G_t &= \mu\, D_{t-1} + (1-\mu)\, G_t + \lambda\,\theta_{t-1} \quad (D_0 = G_1) \\
L_t &= L_{t-1} + \tilde G_t \tilde G_t^\top, \quad H_t = L_t^{-1/2}\, \tilde G_t, \quad R_t = R_{t-1} + H_t^\top H_t, \quad D_t = H_t\, R_t^{-1/2} \quad (L_0 = \epsilon I,\ R_0 = \epsilon I) \\
D_t &= L_t^{-1}\, \tilde g_t \quad \text{(a vector: } L_t = L_{t-1} + \tilde g_t \tilde g_t^\top) \\
&\text{the inverse roots are recomputed when } t \equiv 1 \pmod{f} \text{ and reused in between} \\
\theta_t &= \theta_{t-1} - \gamma\, D_t
\end{aligned}`,
			Symbols: map[string]string{"lr": `\gamma`, "momentum": `\mu`, "weight_decay": `\lambda`, "epsilon": `\epsilon`, "update_freq": `f`},
			Order:   []string{"lr", "momentum", "weight_decay", "epsilon", "update_freq"},
		},
		"Muon": {
			TeX: `\begin{aligned}
B_t &= \mu\, B_{t-1} + (1-\mu)\, G_t, \quad U_t = \mu\, B_t + (1-\mu)\, G_t \ \text{(nesterov)}, \quad U_t = B_t \ \text{(otherwise)} \\
X_0 &= U_t / (\lVert U_t\rVert_F + 10^{-7}) \quad (U_t^\top \text{ if } R > C) \\
X_k &= a X_{k-1} + (b A_k + c A_k^2)\, X_{k-1}, \quad A_k = X_{k-1} X_{k-1}^\top, \quad k = 1..n, \quad (a, b, c) = (3.4445, -4.7750, 2.0315) \\
\theta_t &= (1-\gamma\lambda)\,\theta_{t-1} - \gamma\sqrt{\max(1, R/C)}\; X_n \quad \text{(each } R \times C \text{ weight matrix, } X_n^\top \text{ if } R > C) \\
\theta_t &= (1-\gamma_a\lambda_a)\,\theta_{t-1} - \gamma_a\,\hat m_t / (\sqrt{\hat v_t} + \epsilon_a) \quad \text{(the rest: Adam with adam\_lr, adam\_betas, adam\_eps, adam\_weight\_decay)}
\end{aligned}`,
			Symbols: map[string]string{"lr": `\gamma`, "momentum": `\mu`, "weight_decay": `\lambda`, "ns_steps": `n`},
			Order:   []string{"lr", "momentum", "weight_decay", "nesterov", "ns_steps"},
		},
		"Muon.adam": {
			TeX: `\begin{aligned}
m_t &= \beta_1 m_{t-1} + (1-\beta_1)\,g_t, \quad v_t = \beta_2 v_{t-1} + (1-\beta_2)\,g_t^2 \\
\hat m_t &= m_t/(1-\beta_1^t), \quad \hat v_t = v_t/(1-\beta_2^t) \\
\theta_t &= (1-\gamma\lambda)\,\theta_{t-1} - \gamma\,\hat m_t / (\sqrt{\hat v_t} + \epsilon) \quad \text{(Muon's parameters that are not matrices)}
\end{aligned}`,
			Symbols: symAdamLike,
			Order:   []string{"lr", "betas", "eps", "weight_decay"},
		},
	} {
		RegisterRule(name, r)
	}
}

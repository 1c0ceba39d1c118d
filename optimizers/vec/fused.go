package vec

import "math"

// The fused kernels below do one optimizer's whole per-element update in a single pass,
// each in torch.optim 1.13's operation order (foreach=False). A built-in optimizer computes
// the scalar coefficients once per step and calls its kernel on slices of the parameter
// vector, possibly from several goroutines at once. Optional buffers are nil when unused.
// "Maximize" negates the gradient first, which IEEE arithmetic does exactly, so it costs
// one multiplication by ±1.

func signOf(maximize bool) float64 {
	if maximize {
		return -1
	}
	return 1
}

// SGDCoeffs are the per-step numbers of SGD; the fields are torch's hyper-parameters.
// First marks the step that creates the momentum buffer: torch copies the (decayed)
// gradient into it then, without dampening.
type SGDCoeffs struct {
	LR, Momentum, Dampening, WeightDecay float64
	Nesterov, Maximize, First            bool
}

// SGD does one torch SGD step on p from g; buf is the momentum buffer, nil if Momentum is 0:
//
//	d = g + wd*p;  buf = First ? d : buf*momentum + (1-dampening)*d
//	d = nesterov ? d + momentum*buf : buf;  p = p + (-lr)*d
func SGD(p, g, buf []float64, c SGDCoeffs) error {
	n := len(p)
	if err := sameLen("SGD", "p, g, buf", n, len(g), optLen(buf, n)); err != nil {
		return err
	}
	g = g[:n]
	s, wd, nlr := signOf(c.Maximize), c.WeightDecay, -c.LR
	if c.Momentum == 0 || buf == nil {
		for i := range p {
			d := s * g[i]
			if wd != 0 {
				d = d + wd*p[i]
			}
			p[i] = p[i] + nlr*d
		}
		return nil
	}
	buf = buf[:n]
	mom, damp := c.Momentum, 1-c.Dampening
	start := 0
	if useSIMD && !c.First && n >= 4 {
		k := sgdConsts{s: s, wd: wd, mom: mom, damp: damp, nlr: nlr}
		if wd != 0 {
			k.wdOn = 1
		}
		if c.Nesterov {
			k.nesterov = 1
		}
		start = n &^ 3
		sgdAVX(&p[0], &g[0], &buf[0], start, &k)
	}
	for i := start; i < n; i++ {
		pi := p[i]
		d := s * g[i]
		if wd != 0 {
			d = d + wd*pi
		}
		b := d
		if !c.First {
			b = buf[i]*mom + damp*d
		}
		buf[i] = b
		if c.Nesterov {
			d = d + mom*b
		} else {
			d = b
		}
		p[i] = pi + nlr*d
	}
	return nil
}

// AdamCoeffs are the per-step numbers of Adam and AdamW. StepSize is lr/(1-beta1**step)
// and BC2Sqrt is sqrt(1-beta2**step) (see BiasCorrection). WeightDecay is Adam's coupled
// L2 term, added to the gradient; Decay is AdamW's decoupled lr*weight_decay, applied as
// p = p*(1-Decay) before anything else. Leave the one you do not use at 0.
type AdamCoeffs struct {
	Beta1, Beta2, StepSize, BC2Sqrt, Eps float64
	WeightDecay, Decay                   float64
	Maximize                             bool
}

// Adam does one torch Adam/AdamW step on p from g with moments m and v; vmax is the
// running maximum of v for amsgrad, or nil:
//
//	p = p*(1-Decay);  g = g + wd*p
//	m = m*b1 + (1-b1)*g;  v = v*b2 + ((1-b2)*g)*g;  vmax = max(vmax, v)
//	p = p + ((-StepSize)*m) / (sqrt(v or vmax)/BC2Sqrt + eps)
func Adam(p, g, m, v, vmax []float64, c AdamCoeffs) error {
	n := len(p)
	if err := sameLen("Adam", "p, g, m, v, vmax", n, len(g), len(m), len(v), optLen(vmax, n)); err != nil {
		return err
	}
	g, m, v = g[:n], m[:n], v[:n]
	s, wd := signOf(c.Maximize), c.WeightDecay
	b1, b2, c1, c2 := c.Beta1, c.Beta2, 1-c.Beta1, 1-c.Beta2
	nss, bc2s, eps := -c.StepSize, c.BC2Sqrt, c.Eps
	keep := 1 - c.Decay
	if vmax != nil {
		vmax = vmax[:n]
		for i := range p {
			pi := p[i]
			if c.Decay != 0 {
				pi = pi * keep
			}
			gi := s * g[i]
			if wd != 0 {
				gi = gi + wd*pi
			}
			mi := m[i]*b1 + c1*gi
			vi := v[i]*b2 + (c2*gi)*gi
			m[i], v[i] = mi, vi
			vm := maxNaN(vmax[i], vi)
			vmax[i] = vm
			p[i] = pi + (nss*mi)/(math.Sqrt(vm)/bc2s+eps)
		}
		return nil
	}
	start := 0
	if useSIMD && wd == 0 && n >= 4 {
		// keep is exactly 1 without decoupled decay, and p*1 == p bit for bit.
		k := adamConsts{b1: b1, c1: c1, b2: b2, c2: c2, nss: nss, bc2s: bc2s, eps: eps, keep: keep, s: s}
		start = n &^ 3
		adamAVX(&p[0], &g[0], &m[0], &v[0], start, &k)
	}
	for i := start; i < n; i++ {
		pi := p[i]
		if c.Decay != 0 {
			pi = pi * keep
		}
		gi := s * g[i]
		if wd != 0 {
			gi = gi + wd*pi
		}
		mi := m[i]*b1 + c1*gi
		vi := v[i]*b2 + (c2*gi)*gi
		m[i], v[i] = mi, vi
		p[i] = pi + (nss*mi)/(math.Sqrt(vi)/bc2s+eps)
	}
	return nil
}

// RMSpropCoeffs are the per-step numbers of RMSprop, torch's hyper-parameters.
type RMSpropCoeffs struct {
	LR, Alpha, Eps, WeightDecay, Momentum float64
	Centered, Maximize                    bool
}

// RMSprop does one torch RMSprop step on p from g with square average sq; gavg is the
// gradient average (centered only) and buf the momentum buffer (Momentum > 0 only), else
// nil. Note eps is added outside the square root:
//
//	g = g + wd*p;  sq = sq*alpha + ((1-alpha)*g)*g;  ga = ga*alpha + (1-alpha)*g
//	avg = sqrt(centered ? sq - ga*ga : sq) + eps
//	buf = buf*momentum + g/avg; p = p + (-lr)*buf    or without momentum   p = p + ((-lr)*g)/avg
func RMSprop(p, g, sq, gavg, buf []float64, c RMSpropCoeffs) error {
	n := len(p)
	if err := sameLen("RMSprop", "p, g, square_avg, grad_avg, momentum_buffer", n, len(g), len(sq), optLen(gavg, n), optLen(buf, n)); err != nil {
		return err
	}
	g, sq = g[:n], sq[:n]
	if !c.Centered {
		gavg = nil
	} else if gavg != nil {
		gavg = gavg[:n]
	}
	if c.Momentum <= 0 {
		buf = nil
	} else if buf != nil {
		buf = buf[:n]
	}
	s, wd, a, ca, eps, nlr, mom := signOf(c.Maximize), c.WeightDecay, c.Alpha, 1-c.Alpha, c.Eps, -c.LR, c.Momentum
	start := 0
	if useSIMD && wd == 0 && gavg == nil && buf == nil && n >= 4 {
		k := rmspropConsts{a: a, ca: ca, eps: eps, nlr: nlr, s: s}
		start = n &^ 3
		rmspropAVX(&p[0], &g[0], &sq[0], start, &k)
	}
	for i := start; i < n; i++ {
		pi := p[i]
		gi := s * g[i]
		if wd != 0 {
			gi = gi + wd*pi
		}
		si := sq[i]*a + (ca*gi)*gi
		sq[i] = si
		var avg float64
		if gavg != nil {
			ga := gavg[i]*a + ca*gi
			gavg[i] = ga
			avg = math.Sqrt(si + (-ga)*ga)
		} else {
			avg = math.Sqrt(si)
		}
		avg = avg + eps
		if buf != nil {
			b := buf[i]*mom + gi/avg
			buf[i] = b
			p[i] = pi + nlr*b
		} else {
			p[i] = pi + (nlr*gi)/avg
		}
	}
	return nil
}

// AdagradCoeffs are the per-step numbers of Adagrad. CLR is the decayed learning rate
// lr / (1 + (step-1)*lr_decay).
type AdagradCoeffs struct {
	CLR, Eps, WeightDecay float64
	Maximize              bool
}

// Adagrad does one torch Adagrad step on p from g with the sum of squares sum:
//
//	g = g + wd*p;  sum = sum + g*g;  p = p + ((-clr)*g)/(sqrt(sum) + eps)
func Adagrad(p, g, sum []float64, c AdagradCoeffs) error {
	n := len(p)
	if err := sameLen("Adagrad", "p, g, sum", n, len(g), len(sum)); err != nil {
		return err
	}
	g, sum = g[:n], sum[:n]
	s, wd, nclr, eps := signOf(c.Maximize), c.WeightDecay, -c.CLR, c.Eps
	for i := range p {
		pi := p[i]
		gi := s * g[i]
		if wd != 0 {
			gi = gi + wd*pi
		}
		si := sum[i] + gi*gi
		sum[i] = si
		p[i] = pi + (nclr*gi)/(math.Sqrt(si)+eps)
	}
	return nil
}

// AdadeltaCoeffs are the per-step numbers of Adadelta, torch's hyper-parameters.
type AdadeltaCoeffs struct {
	LR, Rho, Eps, WeightDecay float64
	Maximize                  bool
}

// Adadelta does one torch Adadelta step on p from g with square average sq and
// accumulated update acc:
//
//	g = g + wd*p;  sq = sq*rho + ((1-rho)*g)*g;  d = (sqrt(acc+eps)/sqrt(sq+eps))*g
//	acc = acc*rho + ((1-rho)*d)*d;  p = p + (-lr)*d
func Adadelta(p, g, sq, acc []float64, c AdadeltaCoeffs) error {
	n := len(p)
	if err := sameLen("Adadelta", "p, g, square_avg, acc_delta", n, len(g), len(sq), len(acc)); err != nil {
		return err
	}
	g, sq, acc = g[:n], sq[:n], acc[:n]
	s, wd, rho, cr, eps, nlr := signOf(c.Maximize), c.WeightDecay, c.Rho, 1-c.Rho, c.Eps, -c.LR
	for i := range p {
		pi := p[i]
		gi := s * g[i]
		if wd != 0 {
			gi = gi + wd*pi
		}
		si := sq[i]*rho + (cr*gi)*gi
		sq[i] = si
		ai := acc[i]
		d := (math.Sqrt(ai+eps) / math.Sqrt(si+eps)) * gi
		acc[i] = ai*rho + (cr*d)*d
		p[i] = pi + nlr*d
	}
	return nil
}

// AdamaxCoeffs are the per-step numbers of Adamax. CLR is lr/(1-beta1**step).
type AdamaxCoeffs struct {
	Beta1, Beta2, CLR, Eps, WeightDecay float64
	Maximize                            bool
}

// Adamax does one torch Adamax step on p from g with moment m and infinity norm u:
//
//	g = g + wd*p;  m = m*b1 + (1-b1)*g;  u = max(u*b2, |g| + eps);  p = p + ((-clr)*m)/u
func Adamax(p, g, m, u []float64, c AdamaxCoeffs) error {
	n := len(p)
	if err := sameLen("Adamax", "p, g, exp_avg, exp_inf", n, len(g), len(m), len(u)); err != nil {
		return err
	}
	g, m, u = g[:n], m[:n], u[:n]
	s, wd, b1, c1, b2, eps, nclr := signOf(c.Maximize), c.WeightDecay, c.Beta1, 1-c.Beta1, c.Beta2, c.Eps, -c.CLR
	for i := range p {
		pi := p[i]
		gi := s * g[i]
		if wd != 0 {
			gi = gi + wd*pi
		}
		mi := m[i]*b1 + c1*gi
		m[i] = mi
		ui := maxNaN(u[i]*b2, math.Abs(gi)+eps)
		u[i] = ui
		p[i] = pi + (nclr*mi)/ui
	}
	return nil
}

// NAdamCoeffs are the per-step numbers of NAdam (the formula of torch >= 2.0, which fixed
// a 1.13 bug). With mu_t = b1*(1 - 0.5*0.96**(step*momentum_decay)) and mu_product the
// product of mu_1..mu_t:
//
//	GradCoef = ((lr*(1-mu_t))/(1-mu_product)) * -1
//	MomCoef  = ((lr*mu_{t+1})/(1-mu_product*mu_{t+1})) * -1
//
// and BC2Sqrt = sqrt(1-beta2**step).
type NAdamCoeffs struct {
	Beta1, Beta2, BC2Sqrt, Eps, WeightDecay float64
	GradCoef, MomCoef                       float64
}

// NAdam does one NAdam step on p from g with moments m and v:
//
//	g = g + wd*p;  m = m*b1 + (1-b1)*g;  v = v*b2 + ((1-b2)*g)*g
//	denom = sqrt(v)/BC2Sqrt + eps;  p = p + (GradCoef*g)/denom;  p = p + (MomCoef*m)/denom
func NAdam(p, g, m, v []float64, c NAdamCoeffs) error {
	n := len(p)
	if err := sameLen("NAdam", "p, g, exp_avg, exp_avg_sq", n, len(g), len(m), len(v)); err != nil {
		return err
	}
	g, m, v = g[:n], m[:n], v[:n]
	wd, b1, b2, c1, c2 := c.WeightDecay, c.Beta1, c.Beta2, 1-c.Beta1, 1-c.Beta2
	bc2s, eps, gc, mc := c.BC2Sqrt, c.Eps, c.GradCoef, c.MomCoef
	for i := range p {
		pi := p[i]
		gi := g[i]
		if wd != 0 {
			gi = gi + wd*pi
		}
		mi := m[i]*b1 + c1*gi
		vi := v[i]*b2 + (c2*gi)*gi
		m[i], v[i] = mi, vi
		den := math.Sqrt(vi)/bc2s + eps
		pi = pi + (gc*gi)/den
		p[i] = pi + (mc*mi)/den
	}
	return nil
}

// RAdamCoeffs are the per-step numbers of RAdam: BC1 = 1-beta1**step, BC2Sqrt =
// sqrt(1-beta2**step), and Rect the variance rectification term, used only when Adaptive
// (torch's rho_t > 5).
type RAdamCoeffs struct {
	Beta1, Beta2, BC1, BC2Sqrt, LR, Eps, WeightDecay, Rect float64
	Adaptive                                               bool
}

// RAdam does one torch RAdam step on p from g with moments m and v:
//
//	g = g + wd*p;  m = m*b1 + (1-b1)*g;  v = v*b2 + ((1-b2)*g)*g;  mhat = m/BC1
//	Adaptive: p = p - ((mhat*lr)*((1/(sqrt(v)+eps))*BC2Sqrt))*Rect    else p = p - mhat*lr
func RAdam(p, g, m, v []float64, c RAdamCoeffs) error {
	n := len(p)
	if err := sameLen("RAdam", "p, g, exp_avg, exp_avg_sq", n, len(g), len(m), len(v)); err != nil {
		return err
	}
	g, m, v = g[:n], m[:n], v[:n]
	wd, b1, b2, c1, c2 := c.WeightDecay, c.Beta1, c.Beta2, 1-c.Beta1, 1-c.Beta2
	bc1, bc2s, lr, eps, rect := c.BC1, c.BC2Sqrt, c.LR, c.Eps, c.Rect
	for i := range p {
		pi := p[i]
		gi := g[i]
		if wd != 0 {
			gi = gi + wd*pi
		}
		mi := m[i]*b1 + c1*gi
		vi := v[i]*b2 + (c2*gi)*gi
		m[i], v[i] = mi, vi
		mhat := mi / bc1
		if c.Adaptive {
			p[i] = pi - ((mhat*lr)*((1/(math.Sqrt(vi)+eps))*bc2s))*rect
		} else {
			p[i] = pi - mhat*lr
		}
	}
	return nil
}

// LionCoeffs are the per-step numbers of Lion (Chen et al. 2023, "Symbolic Discovery of
// Optimization Algorithms"). Decay is the decoupled lr*weight_decay.
type LionCoeffs struct {
	LR, Beta1, Beta2, Decay float64
}

// Lion does one Lion step on p from g with momentum m:
//
//	p = p*(1-Decay);  p = p + (-lr)*sign(m*b1 + (1-b1)*g);  m = m*b2 + (1-b2)*g
func Lion(p, g, m []float64, c LionCoeffs) error {
	n := len(p)
	if err := sameLen("Lion", "p, g, exp_avg", n, len(g), len(m)); err != nil {
		return err
	}
	g, m = g[:n], m[:n]
	b1, c1, b2, c2, nlr, keep := c.Beta1, 1-c.Beta1, c.Beta2, 1-c.Beta2, -c.LR, 1-c.Decay
	for i := range p {
		pi := p[i]
		if c.Decay != 0 {
			pi = pi * keep
		}
		gi, mi := g[i], m[i]
		p[i] = pi + nlr*sign(mi*b1+c1*gi)
		m[i] = mi*b2 + c2*gi
	}
	return nil
}

// RpropCoeffs are the per-step numbers of Rprop: torch's etas (EtaMinus, EtaPlus) and
// step_sizes (StepMin, StepMax).
type RpropCoeffs struct {
	EtaMinus, EtaPlus, StepMin, StepMax float64
	Maximize                            bool
}

// Rprop does one torch Rprop step on p from g with the previous gradient prev and the
// per-element step sizes step (which start at lr):
//
//	f = eta+ if g*prev > 0, eta- if < 0, else 1;  step = clamp(step*f, min, max)
//	if f == eta-: g = 0;  p = p - sign(g)*step;  prev = g
func Rprop(p, g, prev, step []float64, c RpropCoeffs) error {
	n := len(p)
	if err := sameLen("Rprop", "p, g, prev, step_size", n, len(g), len(prev), len(step)); err != nil {
		return err
	}
	g, prev, step = g[:n], prev[:n], step[:n]
	s := signOf(c.Maximize)
	for i := range p {
		gi := s * g[i]
		f := sign(gi * prev[i])
		switch {
		case f > 0:
			f = c.EtaPlus
		case f < 0:
			f = c.EtaMinus
		case f == 0:
			f = 1
		}
		st := step[i] * f
		if st < c.StepMin {
			st = c.StepMin
		}
		if st > c.StepMax {
			st = c.StepMax
		}
		step[i] = st
		if f == c.EtaMinus {
			gi = 0
		}
		p[i] = p[i] - sign(gi)*st
		prev[i] = gi
	}
	return nil
}

// ASGDCoeffs are the per-step numbers of ASGD: the current eta and mu (torch's state
// scalars, which start at lr and 1), and lambd.
type ASGDCoeffs struct {
	Eta, Mu, Lambd, WeightDecay float64
	Maximize                    bool
}

// ASGD does one torch ASGD step on p from g with the running average ax:
//
//	g = g + wd*p;  p = p*(1 - lambd*eta);  p = p + (-eta)*g
//	ax = mu != 1 ? ax + (p-ax)*mu : p
func ASGD(p, g, ax []float64, c ASGDCoeffs) error {
	n := len(p)
	if err := sameLen("ASGD", "p, g, ax", n, len(g), len(ax)); err != nil {
		return err
	}
	g, ax = g[:n], ax[:n]
	s, wd, keep, neta, mu := signOf(c.Maximize), c.WeightDecay, 1-c.Lambd*c.Eta, -c.Eta, c.Mu
	for i := range p {
		pi := p[i]
		gi := s * g[i]
		if wd != 0 {
			gi = gi + wd*pi
		}
		pi = pi * keep
		pi = pi + neta*gi
		p[i] = pi
		if mu != 1 {
			ax[i] = ax[i] + (pi-ax[i])*mu
		} else {
			ax[i] = pi
		}
	}
	return nil
}

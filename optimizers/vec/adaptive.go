package vec

import "math"

// The kernels in this file are the elementwise updates of the Adam variants in
// torch_optimizer (Yogi, AdaBound, QHAdam, MADGRAD), each in the reference's operation
// order. Where torch's CPU kernels fuse a multiply-add (README of the ext golden file,
// §1) they use math.FMA, so the trajectories agree with the references to the last bit
// wherever the libm powers agree. The AVX2 paths compute exactly the same operations.

// YogiCoeffs are the per-step numbers of Yogi. StepSize is lr/(1-beta1**step) and
// BC2Sqrt is sqrt(1-beta2**step); WeightDecay is L2, added to the gradient.
type YogiCoeffs struct {
	Beta1, Beta2, StepSize, BC2Sqrt, Eps, WeightDecay float64
}

// Yogi does one torch_optimizer.Yogi step on p from g with moments m and v (which start
// at initial_accumulator, not 0):
//
//	g = fma(wd, p, g);  m = fma(1-b1, g, m*b1)
//	v = fma((-(1-b2))*sign(v-g*g), g*g, v)
//	p = p + ((-StepSize)*m) / (sqrt(v)/BC2Sqrt + eps)
func Yogi(p, g, m, v []float64, c YogiCoeffs) error {
	n := len(p)
	if err := sameLen("Yogi", "p, g, m, v", n, len(g), len(m), len(v)); err != nil {
		return err
	}
	start := 0
	if useFMA && n >= 4 {
		start = n &^ 3
		k := yogiConsts{wd: bcast(c.WeightDecay), b1: bcast(c.Beta1), c1: bcast(1 - c.Beta1), nc2: bcast(-(1 - c.Beta2)),
			nss: bcast(-c.StepSize), bc2s: bcast(c.BC2Sqrt), eps: bcast(c.Eps), one: bcast(1), negOne: bcast(-1),
			wdOn: flag(c.WeightDecay != 0)}
		yogiAVX(&p[0], &g[0], &m[0], &v[0], start, &k)
	}
	yogiScalar(p[start:], g[start:n], m[start:n], v[start:n], c)
	return nil
}

func yogiScalar(p, g, m, v []float64, c YogiCoeffs) {
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	b1, c1, nc2 := c.Beta1, 1-c.Beta1, -(1 - c.Beta2)
	nss, bc2s, eps, wd := -c.StepSize, c.BC2Sqrt, c.Eps, c.WeightDecay
	for i := range p {
		pi, gi := p[i], g[i]
		if wd != 0 {
			gi = math.FMA(wd, pi, gi)
		}
		mi := math.FMA(c1, gi, m[i]*b1)
		gsq := gi * gi
		vi := v[i]
		vi = math.FMA(nc2*sign(vi-gsq), gsq, vi)
		m[i], v[i] = mi, vi
		p[i] = pi + (nss*mi)/(math.Sqrt(vi)/bc2s+eps)
	}
}

// AdaBoundCoeffs are the per-step numbers of AdaBound: StepSize is
// lr*sqrt(1-beta2**step)/(1-beta1**step), and Lower and Upper bound the per-element step
// size (final_lr*(1-1/(gamma*step+1)) and final_lr*(1+1/(gamma*step))).
type AdaBoundCoeffs struct {
	Beta1, Beta2, StepSize, Lower, Upper, Eps, WeightDecay float64
}

// AdaBound does one torch_optimizer.AdaBound step on p from g with moments m and v; vmax
// is the running maximum of v for amsbound, or nil:
//
//	g = fma(wd, p, g);  m = fma(1-b1, g, m*b1);  v = fma((1-b2)*g, g, v*b2)
//	t = min(max(StepSize/(sqrt(v or vmax)+eps), Lower), Upper) * m;  p = p + (-t)
func AdaBound(p, g, m, v, vmax []float64, c AdaBoundCoeffs) error {
	n := len(p)
	if err := sameLen("AdaBound", "p, g, m, v, vmax", n, len(g), len(m), len(v), optLen(vmax, n)); err != nil {
		return err
	}
	start := 0
	if useFMA && n >= 4 {
		start = n &^ 3
		var vm *float64
		if vmax != nil {
			vm = &vmax[0]
		}
		k := adaboundConsts{wd: bcast(c.WeightDecay), b1: bcast(c.Beta1), c1: bcast(1 - c.Beta1), b2: bcast(c.Beta2),
			c2: bcast(1 - c.Beta2), ss: bcast(c.StepSize), lo: bcast(c.Lower), hi: bcast(c.Upper), eps: bcast(c.Eps),
			wdOn: flag(c.WeightDecay != 0), amsOn: flag(vm != nil)}
		adaboundAVX(&p[0], &g[0], &m[0], &v[0], vm, start, &k)
	}
	if vmax != nil {
		vmax = vmax[start:n]
	}
	adaboundScalar(p[start:], g[start:n], m[start:n], v[start:n], vmax, c)
	return nil
}

func adaboundScalar(p, g, m, v, vmax []float64, c AdaBoundCoeffs) {
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	b1, c1, b2, c2 := c.Beta1, 1-c.Beta1, c.Beta2, 1-c.Beta2
	ss, lo, hi, eps, wd := c.StepSize, c.Lower, c.Upper, c.Eps, c.WeightDecay
	for i := range p {
		pi, gi := p[i], g[i]
		if wd != 0 {
			gi = math.FMA(wd, pi, gi)
		}
		mi := math.FMA(c1, gi, m[i]*b1)
		vi := math.FMA(c2*gi, gi, v[i]*b2)
		m[i], v[i] = mi, vi
		if vmax != nil {
			vi = maxNaN(vmax[i], vi)
			vmax[i] = vi
		}
		t := clamp(ss/(math.Sqrt(vi)+eps), lo, hi) * mi
		p[i] = pi + (-t)
	}
}

// clamp is torch's clamp_(lo, hi): min(max(x, lo), hi), keeping NaN.
func clamp(x, lo, hi float64) float64 {
	if x < lo {
		x = lo
	}
	if x > hi {
		x = hi
	}
	return x
}

// QHAdamCoeffs are the per-step numbers of QHAdam: A1 and A2 are 1-1/w for the running
// weights w1 = 1+beta1*w1 and w2 = 1+beta2*w2, Nu1 and Nu2 its nus. WeightDecay is L2 and
// Decay the decoupled lr*weight_decay (p = p*(1-Decay)); leave the unused one at 0.
type QHAdamCoeffs struct {
	A1, A2, Nu1, Nu2, LR, Eps, WeightDecay, Decay float64
}

// QHAdam does one torch_optimizer.QHAdam step on p from g with moments m and v:
//
//	p = p*(1-Decay);  g = fma(wd, p, g)
//	m = fma(1-A1, g, m*A1);  v = fma(1-A2, g*g, v*A2)
//	ag = fma(1-nu1, g, m*nu1);  ar = sqrt(fma(1-nu2, g*g, v*nu2)) + eps
//	p = p + ((-lr)*ag)/ar
//
// The fma with 1-nu is skipped when nu is 1, and eps when it is 0, as the reference does.
func QHAdam(p, g, m, v []float64, c QHAdamCoeffs) error {
	n := len(p)
	if err := sameLen("QHAdam", "p, g, m, v", n, len(g), len(m), len(v)); err != nil {
		return err
	}
	start := 0
	if useFMA && n >= 4 {
		start = n &^ 3
		k := qhadamConsts{keep: bcast(1 - c.Decay), wd: bcast(c.WeightDecay), a1: bcast(c.A1), c1: bcast(1 - c.A1),
			a2: bcast(c.A2), c2: bcast(1 - c.A2), nu1: bcast(c.Nu1), d1: bcast(1 - c.Nu1), nu2: bcast(c.Nu2),
			d2: bcast(1 - c.Nu2), nlr: bcast(-c.LR), eps: bcast(c.Eps), decayOn: flag(c.Decay != 0),
			wdOn: flag(c.WeightDecay != 0), d1On: flag(1-c.Nu1 != 0), d2On: flag(1-c.Nu2 != 0), epsOn: flag(c.Eps != 0)}
		qhadamAVX(&p[0], &g[0], &m[0], &v[0], start, &k)
	}
	qhadamScalar(p[start:], g[start:n], m[start:n], v[start:n], c)
	return nil
}

func qhadamScalar(p, g, m, v []float64, c QHAdamCoeffs) {
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	a1, c1, a2, c2 := c.A1, 1-c.A1, c.A2, 1-c.A2
	nu1, d1, nu2, d2 := c.Nu1, 1-c.Nu1, c.Nu2, 1-c.Nu2
	nlr, eps, wd, keep := -c.LR, c.Eps, c.WeightDecay, 1-c.Decay
	for i := range p {
		pi, gi := p[i], g[i]
		if c.Decay != 0 {
			pi = pi * keep
		}
		if wd != 0 {
			gi = math.FMA(wd, pi, gi)
		}
		gsq := gi * gi
		mi := math.FMA(c1, gi, m[i]*a1)
		vi := math.FMA(c2, gsq, v[i]*a2)
		m[i], v[i] = mi, vi
		ag := mi * nu1
		if d1 != 0 {
			ag = math.FMA(d1, gi, ag)
		}
		ar := vi * nu2
		if d2 != 0 {
			ar = math.FMA(d2, gsq, ar)
		}
		ar = math.Sqrt(ar)
		if eps != 0 {
			ar = ar + eps
		}
		p[i] = pi + (nlr*ag)/ar
	}
}

// MADGRADCoeffs are the per-step numbers of MADGRAD: Lamb is (lr+eps)*sqrt(k+1), CK is
// 1-momentum, and WeightDecay is L2.
type MADGRADCoeffs struct {
	Lamb, CK, Eps, WeightDecay float64
}

// MADGRAD does one torch_optimizer.MADGRAD step with momentum on p from g, with the sum
// of squares gss, the gradient sum s and the starting point x0:
//
//	g = fma(wd, p, g);  gss = fma(Lamb*g, g, gss);  rms = gss**(1/3) + eps
//	s = fma(Lamb, g, s);  z = x0 + (-s)/rms;  p = fma(CK, z, p*(1-CK))
//
// gss**(1/3) is PowThird. With momentum 0 use MADGRADNoMomentum.
func MADGRAD(p, g, gss, s, x0 []float64, c MADGRADCoeffs) error {
	n := len(p)
	if err := sameLen("MADGRAD", "p, g, grad_sum_sq, s, x0", n, len(g), len(gss), len(s), len(x0)); err != nil {
		return err
	}
	start := 0
	if useFMA {
		start = madgradVector(p, g[:n], gss[:n], s[:n], x0[:n], c)
	}
	madgradScalar(p[start:], g[start:n], gss[start:n], s[start:n], x0[start:n], c)
	return nil
}

// madgradVector runs the assembly on as many elements as it can, eight at a time with
// AVX-512 and then four at a time, and returns how many it did. The assembly stops at the
// first group holding an input PowThird takes its scalar path for (zero, tiny, Inf,
// NaN); that group runs in Go, and the assembly resumes after it.
func madgradVector(p, g, gss, s, x0 []float64, c MADGRADCoeffs) int {
	n, start := len(p), 0
	if useAVX512 {
		k := newMADGRAD512Consts(c)
		for n8 := n &^ 7; start < n8; {
			start += madgradAVX512(&p[start], &g[start], &gss[start], &s[start], &x0[start], n8-start, &k)
			if start < n8 {
				madgradScalar(p[start:start+8], g[start:], gss[start:], s[start:], x0[start:], c)
				start += 8
			}
		}
	}
	k := newMADGRADConsts(c)
	for n4 := start + (n-start)&^3; start < n4; {
		start += madgradAVX(&p[start], &g[start], &gss[start], &s[start], &x0[start], n4-start, &k)
		if start < n4 {
			madgradScalar(p[start:start+4], g[start:], gss[start:], s[start:], x0[start:], c)
			start += 4
		}
	}
	return start
}

func newMADGRAD512Consts(c MADGRADCoeffs) madgrad512Consts {
	k := madgrad512Consts{wd: bcast8(c.WeightDecay), lamb: bcast8(c.Lamb), eps: bcast8(c.Eps), ck: bcast8(c.CK),
		keep: bcast8(1 - c.CK), third: bcast8(third), one: bcast8(1), k1: bcast8(powThirdK1), k0: bcast8(powThirdK0),
		lo: bcast8(powThirdMin), hi: bcast8(math.MaxFloat64), wdOn: flag(c.WeightDecay != 0), twoNinths: bcast8(twoNinths)}
	for i := range k.sign {
		k.sign[i] = math.Float64frombits(1 << 63)
		k.magic[i], k.div3[i] = powThirdMagic, 0xAAAAAAAB
		k.perm[i] = uint32(2 * i)
	}
	return k
}

func newMADGRADConsts(c MADGRADCoeffs) madgradConsts {
	k := madgradConsts{wd: bcast(c.WeightDecay), lamb: bcast(c.Lamb), eps: bcast(c.Eps), ck: bcast(c.CK),
		keep: bcast(1 - c.CK), third: bcast(third), one: bcast(1), k1: bcast(powThirdK1), k0: bcast(powThirdK0),
		lo: bcast(powThirdMin), hi: bcast(math.MaxFloat64), perm: [8]uint32{0, 2, 4, 6, 0, 2, 4, 6},
		wdOn: flag(c.WeightDecay != 0), twoNinths: bcast(twoNinths)}
	for i := range k.sign {
		k.sign[i] = math.Float64frombits(1 << 63)
		k.magic[i], k.div3[i] = powThirdMagic, 0xAAAAAAAB
	}
	return k
}

func madgradScalar(p, g, gss, s, x0 []float64, c MADGRADCoeffs) {
	g, gss, s, x0 = g[:len(p)], gss[:len(p)], s[:len(p)], x0[:len(p)]
	lamb, eps, wd, ck, keep := c.Lamb, c.Eps, c.WeightDecay, c.CK, 1-c.CK
	for i := range p {
		pi, gi := p[i], g[i]
		if wd != 0 {
			gi = math.FMA(wd, pi, gi)
		}
		q := math.FMA(lamb*gi, gi, gss[i])
		gss[i] = q
		rms := PowThird(q) + eps
		si := math.FMA(lamb, gi, s[i])
		s[i] = si
		z := x0[i] + (-si)/rms
		p[i] = math.FMA(ck, z, pi*keep)
	}
}

// MADGRADNoMomentum is MADGRAD with momentum 0, where the reference keeps no x0 and
// reconstructs it from the current point instead:
//
//	g = fma(wd, p, g);  x0 = p + s/(gss**(1/3) + eps)
//	gss = fma(Lamb*g, g, gss);  s = fma(Lamb, g, s);  p = x0 + (-s)/(gss**(1/3) + eps)
func MADGRADNoMomentum(p, g, gss, s []float64, c MADGRADCoeffs) error {
	n := len(p)
	if err := sameLen("MADGRADNoMomentum", "p, g, grad_sum_sq, s", n, len(g), len(gss), len(s)); err != nil {
		return err
	}
	g, gss, s = g[:n], gss[:n], s[:n]
	lamb, eps, wd := c.Lamb, c.Eps, c.WeightDecay
	for i := range p {
		pi, gi := p[i], g[i]
		if wd != 0 {
			gi = math.FMA(wd, pi, gi)
		}
		x0 := pi + s[i]/(PowThird(gss[i])+eps)
		q := math.FMA(lamb*gi, gi, gss[i])
		gss[i] = q
		si := math.FMA(lamb, gi, s[i])
		s[i] = si
		p[i] = x0 + (-si)/(PowThird(q)+eps)
	}
	return nil
}

package vec

import "math"

// ScheduleFreeCoeffs are the per-step numbers of the schedule-free reference optimizers
// (facebookresearch/schedule_free): LR is the scheduled lr_k, CKP1 the averaging weight
// c_(k+1) = weight/weight_sum, Beta1 the interpolation momentum (momentum for SGD).
// For AdamW, Beta2, BC2 = 1-beta2**(k+1) and Eps form the denominator, InnerMomentum
// (with BC1 = 1-inner_momentum**(k+1)) an optional first moment, and DecayAtZ says where
// the decoupled weight decay is evaluated.
type ScheduleFreeCoeffs struct {
	LR, CKP1, Beta1, WeightDecay float64
	Beta2, BC2, Eps              float64
	InnerMomentum, BC1           float64
	DecayAtZ                     bool
}

// ScheduleFreeAdamW does one AdamWScheduleFreeReference step on one tensor. p holds y,
// where g was taken; z, x and the stored y are the reference's state, v its exp_avg_sq
// and ma its exp_avg (nil unless InnerMomentum != 0):
//
//	z = fma(-(lr*wd), DecayAtZ ? z : y, z)                  (if wd != 0)
//	v = fma((1-b2)*g, g, v*b2);  denom = sqrt(v/BC2) + eps
//	num = g, or ma = fma(1-im, g, ma*im) and num = ma/BC1
//	z = z + ((-lr)*num)/denom;  x = fma(ckp1, z, x*(1-ckp1));  y = p = fma(1-b1, z, x*b1)
func ScheduleFreeAdamW(p, g, z, x, y, v, ma []float64, c ScheduleFreeCoeffs) error {
	n := len(p)
	if err := sameLen("ScheduleFreeAdamW", "p, g, z, x, y, exp_avg_sq, exp_avg", n, len(g), len(z), len(x), len(y), len(v), optLen(ma, n)); err != nil {
		return err
	}
	g, z, x, y, v = g[:n], z[:n], x[:n], y[:n], v[:n]
	if c.InnerMomentum == 0 {
		ma = nil
	} else if ma != nil {
		ma = ma[:n]
	}
	start := 0
	if useFMA && ma == nil && n >= 4 {
		start = n &^ 3
		k := sfAdamConsts{ndecay: bcast(-(c.LR * c.WeightDecay)), c2: bcast(1 - c.Beta2), b2: bcast(c.Beta2),
			bc2: bcast(c.BC2), eps: bcast(c.Eps), nlr: bcast(-c.LR), ckp1: bcast(c.CKP1), keep: bcast(1 - c.CKP1),
			c1: bcast(1 - c.Beta1), b1: bcast(c.Beta1)}
		if c.WeightDecay != 0 {
			k.decayOn = 1
			if c.DecayAtZ {
				k.decayOn = 2
			}
		}
		sfAdamAVX(&p[0], &g[0], &z[0], &x[0], &y[0], &v[0], start, &k)
	}
	ndecay, b2, c2, bc2, eps := -(c.LR * c.WeightDecay), c.Beta2, 1-c.Beta2, c.BC2, c.Eps
	im, cim, bc1, nlr := c.InnerMomentum, 1-c.InnerMomentum, c.BC1, -c.LR
	ckp1, keep, b1, c1 := c.CKP1, 1-c.CKP1, c.Beta1, 1-c.Beta1
	for i := start; i < n; i++ {
		gi, zi := g[i], z[i]
		if c.WeightDecay != 0 {
			at := p[i]
			if c.DecayAtZ {
				at = zi
			}
			zi = math.FMA(ndecay, at, zi)
		}
		vi := math.FMA(c2*gi, gi, v[i]*b2)
		v[i] = vi
		denom := math.Sqrt(vi/bc2) + eps
		num := gi
		if ma != nil {
			mi := math.FMA(cim, gi, ma[i]*im)
			ma[i] = mi
			num = mi / bc1
		}
		zi = zi + (nlr*num)/denom
		z[i] = zi
		xi := math.FMA(ckp1, zi, x[i]*keep)
		x[i] = xi
		yi := math.FMA(c1, zi, xi*b1)
		y[i], p[i] = yi, yi
	}
	return nil
}

// ScheduleFreeSGD does one SGDScheduleFreeReference step on one tensor; p holds y:
//
//	g = fma(wd, y, g);  z = fma(-lr, g, z);  x = fma(ckp1, z, x*(1-ckp1))
//	y = p = fma(1-momentum, z, x*momentum)          (momentum is Beta1)
func ScheduleFreeSGD(p, g, z, x, y []float64, c ScheduleFreeCoeffs) error {
	n := len(p)
	if err := sameLen("ScheduleFreeSGD", "p, g, z, x, y", n, len(g), len(z), len(x), len(y)); err != nil {
		return err
	}
	g, z, x, y = g[:n], z[:n], x[:n], y[:n]
	wd, nlr, ckp1, keep, b1, c1 := c.WeightDecay, -c.LR, c.CKP1, 1-c.CKP1, c.Beta1, 1-c.Beta1
	start := 0
	if useFMA && n >= 4 {
		start = n &^ 3
		k := sfSGDConsts{wd: bcast(wd), nlr: bcast(nlr), ckp1: bcast(ckp1), keep: bcast(keep), c1: bcast(c1), b1: bcast(b1),
			wdOn: flag(wd != 0)}
		sfSGDAVX(&p[0], &g[0], &z[0], &x[0], &y[0], start, &k)
	}
	for i := start; i < n; i++ {
		gi := g[i]
		if wd != 0 {
			gi = math.FMA(wd, p[i], gi)
		}
		zi := math.FMA(nlr, gi, z[i])
		z[i] = zi
		xi := math.FMA(ckp1, zi, x[i]*keep)
		x[i] = xi
		yi := math.FMA(c1, zi, xi*b1)
		y[i], p[i] = yi, yi
	}
	return nil
}

// Lerp sets s to torch.lerp(s, e, w) elementwise: fma(w, e-s, s) for |w| < 0.5, else
// fma(-(e-s), 1-w, e), the two forms torch's CPU kernel uses.
func Lerp(s, e []float64, w float64) error {
	if err := sameLen("Lerp", "s, e", len(s), len(e)); err != nil {
		return err
	}
	e = e[:len(s)]
	for i := range s {
		s[i] = LerpScalar(s[i], e[i], w)
	}
	return nil
}

// LerpScalar is torch.lerp on one element (see Lerp).
func LerpScalar(s, e, w float64) float64 {
	if math.Abs(w) < 0.5 {
		return math.FMA(w, e-s, s)
	}
	return math.FMA(-(e - s), 1-w, e)
}

// LookaheadSync pulls the fast weights p towards the slow weights and stores the result
// as both: p = fma(1-alpha, slow, p*alpha);  slow = p.
func LookaheadSync(p, slow []float64, alpha float64) error {
	if err := sameLen("LookaheadSync", "p, slow", len(p), len(slow)); err != nil {
		return err
	}
	slow = slow[:len(p)]
	c := 1 - alpha
	for i := range p {
		pi := math.FMA(c, slow[i], p[i]*alpha)
		p[i], slow[i] = pi, pi
	}
	return nil
}

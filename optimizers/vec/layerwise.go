package vec

import "math"

// The kernels in this file serve the layer-wise optimizers (LAMB, LARS, NovoGrad), which
// scale each tensor's update by norms of that tensor: one pass accumulates the sums of
// squares (and updates the moments), the optimizer turns them into a scale, and a
// second pass applies it.
//
// torch.norm adds x*x into its sum with a fused multiply-add. A sum over a long vector
// is latency-bound when taken in one chain, so NormSq and SumSquares run sixteen
// interleaved chains (element i into chain i mod 16), folded as c_j + c_(j+8) into eight
// and those combined as ((c0+c4)+(c1+c5))+((c2+c6)+(c3+c7)), with the last n mod 16
// elements added in order. Vectors shorter than sumLanesMin use a single chain, which is
// what torch does on the reference problems, so small cases agree with the references
// bit for bit. Either way the result depends only on the input, never on how a caller
// splits the work.

// sumLanesMin is the shortest vector summed in several chains.
const sumLanesMin = 32

// NormSq returns the sum of x[i]*x[i] with fused multiply-adds, the square of torch.norm(x).
func NormSq(x []float64) float64 {
	if len(x) < sumLanesMin {
		s := 0.0
		for _, xi := range x {
			s = math.FMA(xi, xi, s)
		}
		return s
	}
	var acc [16]float64
	n16 := len(x) &^ 15
	if useFMA {
		normSqAVX(&x[0], n16, &acc)
	} else {
		for i := 0; i < n16; i += 16 {
			for j := 0; j < 16; j++ {
				acc[j] = math.FMA(x[i+j], x[i+j], acc[j])
			}
		}
	}
	s := fold16(&acc)
	for _, xi := range x[n16:] {
		s = math.FMA(xi, xi, s)
	}
	return s
}

// fold16 combines sixteen chains into one sum.
func fold16(acc *[16]float64) float64 {
	var a [8]float64
	for j := range a {
		a[j] = acc[j] + acc[j+8]
	}
	return ((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7]))
}

// sumTail8 combines eight chains and adds the products of the tail in order.
func sumTail8(acc *[8]float64, a, b []float64) float64 {
	s := ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
	b = b[:len(a)]
	for i, ai := range a {
		s = math.FMA(ai, b[i], s)
	}
	return s
}

// SumSquares returns the sum of x[i]*x[i] with each product rounded before it is added,
// torch.sum(torch.pow(x, 2)) as NovoGrad takes it, in the chains NormSq uses.
func SumSquares(x []float64) float64 {
	s := 0.0
	if len(x) < sumLanesMin {
		for _, xi := range x {
			s = s + xi*xi
		}
		return s
	}
	var acc [16]float64
	n16 := len(x) &^ 15
	if useFMA {
		sumSquaresAVX(&x[0], n16, &acc)
	} else {
		for i := 0; i < n16; i += 16 {
			for j := 0; j < 16; j++ {
				acc[j] = acc[j] + x[i+j]*x[i+j]
			}
		}
	}
	s = fold16(&acc)
	for _, xi := range x[n16:] {
		s = s + xi*xi
	}
	return s
}

// LambCoeffs are LAMB's per-step numbers for one tensor.
type LambCoeffs struct {
	Beta1, Beta2, Eps, WeightDecay float64
}

// LambMoments does the first pass of a torch_optimizer.Lamb step on one tensor: it
// updates the moments m and v from g and returns the squared norms of p and of the Adam
// step a, each summed with fused multiply-adds in eight chains (element i into chain
// i mod 8, combined as ((c0+c4)+(c1+c5))+((c2+c6)+(c3+c7)) with the last n mod 8 added in
// order), or in one chain below sumLanesMin elements:
//
//	m = fma(1-b1, g, m*b1);  v = fma((1-b2)*g, g, v*b2)
//	a = m/(sqrt(v)+eps);  a = fma(wd, p, a)
func LambMoments(p, g, m, v []float64, c LambCoeffs) (pp, aa float64, err error) {
	n := len(p)
	if err := sameLen("LambMoments", "p, g, m, v", n, len(g), len(m), len(v)); err != nil {
		return 0, 0, err
	}
	if n < sumLanesMin {
		for i := range p {
			a := lambMoment(p[i], g[i], &m[i], &v[i], &c)
			pp = math.FMA(p[i], p[i], pp)
			aa = math.FMA(a, a, aa)
		}
		return pp, aa, nil
	}
	var accP, accA [8]float64
	n8 := n &^ 7
	if useFMA {
		k := newLambConsts(c, 0)
		lambMomentsAVX(&p[0], &g[0], &m[0], &v[0], n8, &k, &accP, &accA)
	} else {
		for i := 0; i < n8; i += 8 {
			for j := 0; j < 8; j++ {
				a := lambMoment(p[i+j], g[i+j], &m[i+j], &v[i+j], &c)
				accP[j] = math.FMA(p[i+j], p[i+j], accP[j])
				accA[j] = math.FMA(a, a, accA[j])
			}
		}
	}
	var tailA [8]float64
	for i := n8; i < n; i++ {
		tailA[i-n8] = lambMoment(p[i], g[i], &m[i], &v[i], &c)
	}
	pp = sumTail8(&accP, p[n8:], p[n8:])
	aa = sumTail8(&accA, tailA[:n-n8], tailA[:n-n8])
	return pp, aa, nil
}

func lambMoment(p, g float64, m, v *float64, c *LambCoeffs) float64 {
	mi := math.FMA(1-c.Beta1, g, *m*c.Beta1)
	vi := math.FMA((1-c.Beta2)*g, g, *v*c.Beta2)
	*m, *v = mi, vi
	a := mi / (math.Sqrt(vi) + c.Eps)
	if c.WeightDecay != 0 {
		a = math.FMA(c.WeightDecay, p, a)
	}
	return a
}

// LambApply does the second pass of a Lamb step: p = fma(scale, a, p) with the Adam step
// a recomputed from the updated m and v, and scale = (-lr*bias_correction)*trust_ratio.
func LambApply(p, m, v []float64, c LambCoeffs, scale float64) error {
	n := len(p)
	if err := sameLen("LambApply", "p, m, v", n, len(m), len(v)); err != nil {
		return err
	}
	m, v = m[:n], v[:n]
	start := 0
	if useFMA && n >= 4 {
		start = n &^ 3
		k := newLambConsts(c, scale)
		lambApplyAVX(&p[0], &m[0], &v[0], start, &k)
	}
	for i := start; i < n; i++ {
		a := m[i] / (math.Sqrt(v[i]) + c.Eps)
		if c.WeightDecay != 0 {
			a = math.FMA(c.WeightDecay, p[i], a)
		}
		p[i] = math.FMA(scale, a, p[i])
	}
	return nil
}

func newLambConsts(c LambCoeffs, scale float64) lambConsts {
	return lambConsts{b1: bcast(c.Beta1), c1: bcast(1 - c.Beta1), b2: bcast(c.Beta2), c2: bcast(1 - c.Beta2),
		eps: bcast(c.Eps), wd: bcast(c.WeightDecay), scale: bcast(scale), wdOn: flag(c.WeightDecay != 0)}
}

// NovoGradCoeffs are NovoGrad's per-step numbers for one tensor: Denom is
// sqrt(v)+eps from the tensor's second moment (a scalar), LR the learning rate, and
// Averaging multiplies the normalised gradient by 1-beta1.
type NovoGradCoeffs struct {
	Denom, WeightDecay, Beta1, LR float64
	Averaging                     bool
}

// NovoGrad does the elementwise part of a torch_optimizer.NovoGrad step on one tensor:
//
//	g = g/Denom;  g = fma(wd, p, g);  g = g*(1-b1) (grad_averaging)
//	m = m*b1 + g;  p = fma(-lr, m, p)
func NovoGrad(p, g, m []float64, c NovoGradCoeffs) error {
	n := len(p)
	if err := sameLen("NovoGrad", "p, g, m", n, len(g), len(m)); err != nil {
		return err
	}
	g, m = g[:n], m[:n]
	start := 0
	if useFMA && n >= 4 {
		start = n &^ 3
		avg := 1.0
		if c.Averaging {
			avg = 1 - c.Beta1
		}
		k := novogradConsts{denom: bcast(c.Denom), wd: bcast(c.WeightDecay), avg: bcast(avg), b1: bcast(c.Beta1),
			nlr: bcast(-c.LR), wdOn: flag(c.WeightDecay != 0)}
		novogradAVX(&p[0], &g[0], &m[0], start, &k)
	}
	b1, nlr, wd := c.Beta1, -c.LR, c.WeightDecay
	for i := start; i < n; i++ {
		gi := g[i] / c.Denom
		if wd != 0 {
			gi = math.FMA(wd, p[i], gi)
		}
		if c.Averaging {
			gi = gi * (1 - b1)
		}
		mi := m[i]*b1 + gi
		m[i] = mi
		p[i] = math.FMA(nlr, mi, p[i])
	}
	return nil
}

// NormsSq returns NormSq(x) and NormSq(y) in one pass, for LARS's norms of p and g.
func NormsSq(x, y []float64) (xx, yy float64, err error) {
	if err := sameLen("NormsSq", "x, y", len(x), len(y)); err != nil {
		return 0, 0, err
	}
	if len(x) < sumLanesMin {
		for i, xi := range x {
			xx = math.FMA(xi, xi, xx)
			yy = math.FMA(y[i], y[i], yy)
		}
		return xx, yy, nil
	}
	if !useFMA || len(x) < sumLanesMin {
		return NormSq(x), NormSq(y), nil
	}
	var ax, ay [16]float64
	n16 := len(x) &^ 15
	normsSqAVX(&x[0], &y[0], n16, &ax, &ay)
	xx, yy = fold16(&ax), fold16(&ay)
	for i := n16; i < len(x); i++ {
		xx = math.FMA(x[i], x[i], xx)
		yy = math.FMA(y[i], y[i], yy)
	}
	return xx, yy, nil
}

// LARSCoeffs are LARS's per-step numbers for one tensor. Scale is the layer-wise rate
// trust_coefficient*|p|/(|g|+|p|*wd+eps), applied when Scaled; LARS leaves a tensor
// unscaled, and without weight decay, when weight_decay is 0 or a norm is 0. First marks
// the step that creates the momentum buffer.
type LARSCoeffs struct {
	Scale, WeightDecay, Momentum, Dampening, LR float64
	Scaled, Nesterov, First                     bool
}

// LARS does the elementwise part of a torch_optimizer.LARS step on one tensor; buf is the
// momentum buffer, nil without momentum:
//
//	d = g;  if Scaled: d = fma(wd, p, d)*Scale
//	buf = First ? d : fma(1-dampening, d, buf*momentum);  d = nesterov ? fma(momentum, buf, d) : buf
//	p = fma(-lr, d, p)
func LARS(p, g, buf []float64, c LARSCoeffs) error {
	n := len(p)
	if err := sameLen("LARS", "p, g, buf", n, len(g), optLen(buf, n)); err != nil {
		return err
	}
	g = g[:n]
	if buf != nil {
		buf = buf[:n]
	}
	nlr, mom, damp := -c.LR, c.Momentum, 1-c.Dampening
	start := 0
	if useFMA && buf != nil && mom != 0 && !c.First && n >= 4 {
		start = n &^ 3
		k := larsConsts{wd: bcast(c.WeightDecay), scale: bcast(c.Scale), mom: bcast(mom), damp: bcast(damp),
			nlr: bcast(nlr), scaled: flag(c.Scaled), nesterov: flag(c.Nesterov)}
		larsAVX(&p[0], &g[0], &buf[0], start, &k)
	}
	for i := start; i < n; i++ {
		d := g[i]
		if c.Scaled {
			d = math.FMA(c.WeightDecay, p[i], d)
			d = d * c.Scale
		}
		if buf != nil && mom != 0 {
			b := d
			if !c.First {
				b = math.FMA(damp, d, buf[i]*mom)
			}
			buf[i] = b
			if c.Nesterov {
				d = math.FMA(mom, b, d)
			} else {
				d = b
			}
		}
		p[i] = math.FMA(nlr, d, p[i])
	}
	return nil
}

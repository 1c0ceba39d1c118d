package optimizers

import (
	"fmt"
	"math"
)

// Shampoo is torch_optimizer.Shampoo (Gupta et al., 2018): a preconditioner per tensor
// dimension. For a matrix G it accumulates L += G·Gᵀ and R += Hᵀ·H and steps along
// L^(-1/2)·G·R^(-1/2), a cheap Kronecker-factored stand-in for full-matrix AdaGrad.
//
// Hyper-parameters (the reference's names and defaults): lr=0.1, momentum=0,
// weight_decay=0 (L2, added after the momentum), epsilon=1e-4 (the preconditioners start
// at epsilon·I), update_freq=1 (recompute the inverse roots every update_freq steps). As
// in the reference, the right preconditioner accumulates the left-preconditioned H, and
// a vector (order 1) uses a full inverse. State: momentum_buffer (the last preconditioned
// step, kept even with momentum 0), and per dimension precond_d and inv_precond_d, each
// the concatenation over the tensors that have dimension d. Give it the tensors with
// SetShapes; it handles 1-D and 2-D tensors, and without shapes the vector is one 1-D
// tensor (an n×n preconditioner: use it on small problems only).
//
//	L += G Gᵀ,  H = L^(-1/2) G,  R += Hᵀ H,  p ← p - lr·H R^(-1/2)
type Shampoo struct {
	*Base
	shapes
	g, gm, t, h, w, work, vecs []float64
	workN                      int // eigSym workspace sized for this n
}

// NewShampoo returns Shampoo with the reference's defaults.
func NewShampoo() *Shampoo {
	o := &Shampoo{Base: NewBase("Shampoo", map[string]any{
		"lr": 0.1, "momentum": 0.0, "weight_decay": 0.0, "epsilon": 1e-4, "update_freq": 1,
	})}
	o.Hyper().Check = checkShampoo
	return o
}

func checkShampoo(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), nonNeg(h, "momentum"), nonNeg(h, "weight_decay"), nonNeg(h, "epsilon"), atLeast(h, "update_freq", 1))
}

// SetShapes sets the tensors, each preconditioned per dimension.
func (o *Shampoo) SetShapes(ts []Tensor) error { return o.shapes.set(o.Name(), o.State(), ts) }

// shampooDims returns a tensor's dimensions as Shampoo sees them: a scalar is a vector of
// one.
func shampooDims(t Tensor) []int {
	if len(t.Shape) == 0 {
		return []int{1}
	}
	return t.Shape
}

// Step does one Shampoo update of params from grads.
func (o *Shampoo) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("Shampoo", "NewShampoo()")
	}
	h, st := o.Hyper(), o.State()
	if err := firstErr(checkShampoo(h), sameLens(o.Name(), params, grads)); err != nil {
		return err
	}
	n := len(params)
	ts, err := o.tensors(o.Name(), n)
	if err != nil {
		return err
	}
	size0, size1, maxD, maxT := 0, 0, 0, 0
	for _, t := range ts {
		d := shampooDims(t)
		if len(d) > 2 {
			return fmt.Errorf("%s: tensor %v has %d dimensions; Shampoo here preconditions 1-D and 2-D tensors (describe it as a matrix)", o.Name(), t, len(d))
		}
		size0 += d[0] * d[0]
		maxD, maxT = max(maxD, d[0]), max(maxT, t.Size())
		if len(d) == 2 {
			size1 += d[1] * d[1]
			maxD = max(maxD, d[1])
		}
	}
	if err := firstErr(bufLen(o.Name(), st, "momentum_buffer", n), bufLen(o.Name(), st, "precond_0", size0),
		bufLen(o.Name(), st, "inv_precond_0", size0), bufLen(o.Name(), st, "precond_1", size1),
		bufLen(o.Name(), st, "inv_precond_1", size1)); err != nil {
		return err
	}
	o.workspace(maxD, maxT)
	lr, mom, wd, eps := h.Float("lr"), h.Float("momentum"), h.Float("weight_decay"), h.Float("epsilon")
	recompute := st.Steps%h.Int("update_freq") == 0
	first := !st.Has("precond_0")
	buf := st.Buffer("momentum_buffer", n)
	p0, i0 := st.Buffer("precond_0", size0), st.Buffer("inv_precond_0", size0)
	var p1, i1 []float64
	if size1 > 0 {
		p1, i1 = st.Buffer("precond_1", size1), st.Buffer("inv_precond_1", size1)
	}
	if first {
		at0, at1 := 0, 0
		for _, t := range ts {
			d := shampooDims(t)
			eye(p0[at0:at0+d[0]*d[0]], d[0], eps)
			at0 += d[0] * d[0]
			if len(d) == 2 {
				eye(p1[at1:at1+d[1]*d[1]], d[1], eps)
				at1 += d[1] * d[1]
			}
		}
		if mom > 0 {
			copy(buf, grads)
		}
	}
	at0, at1 := 0, 0
	for _, t := range ts {
		d := shampooDims(t)
		lo, hi := t.Offset, t.End()
		p, g, b := params[lo:hi], o.g[:hi-lo], buf[lo:hi]
		copy(g, grads[lo:hi])
		if mom > 0 {
			for i := range g {
				g[i] = math.FMA(mom, b[i], g[i]*(1-mom))
			}
		}
		if wd > 0 {
			for i := range g {
				g[i] = math.FMA(wd, p[i], g[i])
			}
		}
		out := o.gm[:hi-lo]
		r := d[0]
		P0, I0 := p0[at0:at0+r*r], i0[at0:at0+r*r]
		at0 += r * r
		if len(d) == 1 {
			for i := 0; i < r; i++ {
				for j := 0; j < r; j++ {
					P0[i*r+j] = P0[i*r+j] + g[i]*g[j]
				}
			}
			if recompute {
				if err := o.matPow(I0, P0, r, -1); err != nil {
					return err
				}
			}
			mul(out, g, I0, 1, r, r, false, false)
		} else {
			c := d[1]
			P1, I1 := p1[at1:at1+c*c], i1[at1:at1+c*c]
			at1 += c * c
			tmp, hm := o.t[:max(r*r, c*c)], o.h[:r*c]
			mul(tmp[:r*r], g, g, r, c, r, false, true)
			addTo(P0, tmp[:r*r])
			if recompute {
				if err := o.matPow(I0, P0, r, -0.5); err != nil {
					return err
				}
			}
			mul(hm, I0, g, r, r, c, false, false)
			mul(tmp[:c*c], hm, hm, c, r, c, true, false)
			addTo(P1, tmp[:c*c])
			if recompute {
				if err := o.matPow(I1, P1, c, -0.5); err != nil {
					return err
				}
			}
			mul(out, hm, I1, r, c, c, false, false)
		}
		copy(b, out)
		for i := range p {
			p[i] = math.FMA(-lr, out[i], p[i])
		}
	}
	st.Steps++
	return nil
}

// workspace sizes the scratch matrices for dimensions up to maxD and tensors up to maxT.
func (o *Shampoo) workspace(maxD, maxT int) {
	o.g, o.gm, o.h = grow(o.g, maxT), grow(o.gm, maxT), grow(o.h, maxT)
	o.t, o.vecs = grow(o.t, maxD*maxD), grow(o.vecs, maxD*maxD)
	o.w = grow(o.w, maxD)
	if o.workN < maxD {
		o.work, o.workN = make([]float64, eigWork(maxD)), maxD
	}
}

// matPow sets dst (n×n) to the symmetric positive definite m raised to q, as the
// reference computes it from torch.svd: (U·diag(s^q))·Vᵀ with U = V the eigenvectors.
// s^-0.5 is 1/sqrt(s) and s^-1 is 1/s, torch's special cases of pow.
func (o *Shampoo) matPow(dst, m []float64, n int, q float64) error {
	v, w, u := o.vecs[:n*n], o.w[:n], o.t[:n*n]
	copy(v, m)
	if !eigSym(v, w, o.work, n) {
		return fmt.Errorf("%s: the eigendecomposition of a %dx%d preconditioner did not converge", o.Name(), n, n)
	}
	for k, s := range w {
		switch q {
		case -0.5:
			w[k] = 1 / math.Sqrt(s)
		case -1:
			w[k] = 1 / s
		default:
			w[k] = math.Pow(s, q)
		}
	}
	for i := 0; i < n; i++ {
		for k := 0; k < n; k++ {
			u[i*n+k] = v[i*n+k] * w[k]
		}
	}
	mul(dst, u, v, n, n, n, false, true)
	return nil
}

// eye sets the n×n matrix a to v·I.
func eye(a []float64, n int, v float64) {
	for i := range a {
		a[i] = 0
	}
	for i := 0; i < n; i++ {
		a[i*n+i] = v
	}
}

// addTo adds b to a elementwise.
func addTo(a, b []float64) {
	b = b[:len(a)]
	for i := range a {
		a[i] = a[i] + b[i]
	}
}

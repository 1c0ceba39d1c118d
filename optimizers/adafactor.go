package optimizers

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers/vec"
)

// Adafactor is torch_optimizer.Adafactor (Shazeer and Stern, 2018): an adaptive method
// whose second moment of a matrix is kept factored, as one number per row and one per
// column, so its state is O(rows+cols) instead of Adam's 2·rows·cols. Updates are
// clipped by their RMS and, by default, sized relative to the parameters' own RMS with a
// step size that decays as 1/√step, so it needs no learning rate.
//
// Hyper-parameters (the reference's names and defaults): lr=0 (the reference's None;
// ignored while relative_step is true, required > 0 otherwise), eps2=(1e-30, 1e-3),
// clip_threshold=1, decay_rate=-0.8 (β2 = 1 - step^decay_rate), beta1=0 (the reference's
// None: no first moment is kept; any other value keeps one, and 0 would give the same
// steps), weight_decay=0 (decoupled, scaled by the step size), scale_parameter=true,
// relative_step=true, warmup_init=false. factored=true (not in the reference, which
// always factors) can switch factoring off to compare. New also accepts nil for lr and
// beta1, meaning None.
//
// Tensors with two or more dimensions are factored over their last two (the leading
// ones index a batch of matrices); give the shapes with SetShapes. Without them the
// vector is one 1-D tensor, whose second moment is a full vector as in Adam. State, for
// the tensors that have each: exp_avg_sq_row and exp_avg_sq_col (factored),
// exp_avg_sq (not factored), exp_avg (beta1), and per tensor RMS.
//
//	u = g² + ε1,  R = β2 R + (1-β2) mean_cols(u),  C = β2 C + (1-β2) mean_rows(u)
//	û = g / (√(R_i/mean(R)) √C_j),  û /= max(1, RMS(û)/d),  p ← p - lr_t·û
//	lr_t = max(ε2, RMS(p))·min(1e-2, 1/√step)
type Adafactor struct {
	*Base
	shapes
	u      []float64 // one block of the update, recomputed in each pass
	rf, cf []float64 // row and column factors of the current tensor
	colSum []float64
}

// NewAdafactor returns Adafactor with the reference's defaults.
func NewAdafactor() *Adafactor {
	o := &Adafactor{Base: NewBase("Adafactor", map[string]any{
		"lr": 0.0, "eps2": []float64{1e-30, 1e-3}, "clip_threshold": 1.0, "decay_rate": -0.8, "beta1": 0.0,
		"weight_decay": 0.0, "scale_parameter": true, "relative_step": true, "warmup_init": false, "factored": true,
	})}
	o.Hyper().Check = checkAdafactor
	return o
}

func checkAdafactor(h *Hyper) error {
	e1, e2 := h.Pair("eps2")
	if err := firstErr(nonNeg(h, "lr"), finiteVal(h.Owner(), "eps2[0]", e1), finiteVal(h.Owner(), "eps2[1]", e2),
		positive(h, "clip_threshold"), inRange(h.Owner(), "beta1", h.Float("beta1"), 0, 1, false), nonNeg(h, "weight_decay")); err != nil {
		return err
	}
	if e1 < 0 || e2 < 0 {
		return fmt.Errorf("%s: invalid eps2 %v: both must be >= 0", h.Owner(), []float64{e1, e2})
	}
	if d := h.Float("decay_rate"); !(d <= 0) {
		return fmt.Errorf("%s: invalid decay_rate %v: must be <= 0 (beta2 = 1 - step^decay_rate)", h.Owner(), d)
	}
	if !h.Bool("relative_step") && !(h.Float("lr") > 0) {
		return fmt.Errorf("%s: relative_step=false needs lr > 0 (have lr=%v); set both together with SetAll", h.Owner(), h.Float("lr"))
	}
	return nil
}

// adafactorFactory builds Adafactor by name, reading nil lr or beta1 as the reference's
// None (the default).
func adafactorFactory(preset map[string]any) Factory {
	return func(hyper map[string]any) (Optimizer, error) {
		all := map[string]any{}
		for k, v := range preset {
			all[k] = v
		}
		for k, v := range hyper {
			if v == nil && (k == "lr" || k == "beta1") {
				continue
			}
			all[k] = v
		}
		o := NewAdafactor()
		if err := o.Hyper().SetAll(all); err != nil {
			return nil, err
		}
		return o, nil
	}
}

// SetShapes sets the tensors; those of two or more dimensions are factored.
func (o *Adafactor) SetShapes(ts []Tensor) error { return o.shapes.set(o.Name(), o.State(), ts) }

// factoredDims returns the batch, rows and columns of t if Adafactor factors it.
func factoredDims(t Tensor, factored bool) (b, r, c int, ok bool) {
	k := len(t.Shape)
	if !factored || k < 2 {
		return 0, 0, 0, false
	}
	b = 1
	for _, d := range t.Shape[:k-2] {
		b *= d
	}
	return b, t.Shape[k-2], t.Shape[k-1], true
}

// Step does one Adafactor update of params from grads.
func (o *Adafactor) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("Adafactor", "NewAdafactor()")
	}
	h, st := o.Hyper(), o.State()
	if err := firstErr(checkAdafactor(h), sameLens(o.Name(), params, grads)); err != nil {
		return err
	}
	n := len(params)
	ts, err := o.tensors(o.Name(), n)
	if err != nil {
		return err
	}
	factored := h.Bool("factored")
	nRow, nCol, nSq, maxR, maxC := 0, 0, 0, 0, 0
	for _, t := range ts {
		if b, r, c, ok := factoredDims(t, factored); ok {
			nRow, nCol = nRow+b*r, nCol+b*c
			maxR, maxC = max(maxR, b*r), max(maxC, b*c)
		} else {
			nSq += t.Size()
		}
	}
	beta1 := h.Float("beta1")
	if err := firstErr(bufLen(o.Name(), st, "exp_avg", n), bufLen(o.Name(), st, "exp_avg_sq_row", nRow),
		bufLen(o.Name(), st, "exp_avg_sq_col", nCol), bufLen(o.Name(), st, "exp_avg_sq", nSq),
		bufLen(o.Name(), st, "RMS", len(ts))); err != nil {
		return err
	}
	st.Steps++
	step := float64(st.Steps)
	e1, e2 := h.Pair("eps2")
	rel := h.Float("lr")
	if h.Bool("relative_step") {
		minStep := 1e-2
		if h.Bool("warmup_init") {
			minStep = 1e-6 * step
		}
		rel = math.Min(minStep, 1.0/math.Sqrt(step))
	}
	beta2t := 1.0 - powf(step, h.Float("decay_rate"))
	clip, wd, scaleParam := h.Float("clip_threshold"), h.Float("weight_decay"), h.Bool("scale_parameter")
	var m, row, col, sq []float64
	if beta1 != 0 {
		m = st.Buffer("exp_avg", n)
	}
	if nRow > 0 {
		row, col = st.Buffer("exp_avg_sq_row", nRow), st.Buffer("exp_avg_sq_col", nCol)
	}
	if nSq > 0 {
		sq = st.Buffer("exp_avg_sq", nSq)
	}
	rms := st.Buffer("RMS", len(ts))
	o.u = grow(o.u, min(n, sumBlock))
	o.rf, o.cf, o.colSum = grow(o.rf, maxR), grow(o.cf, maxC), grow(o.colSum, maxC)
	atRow, atCol, atSq := 0, 0, 0
	for ti, t := range ts {
		lo, hi := t.Offset, t.End()
		p, g := params[lo:hi], grads[lo:hi]
		size := float64(hi - lo)
		rms[ti] = math.Sqrt(blockNormSq(p)) / math.Sqrt(size)
		scale := 1.0
		if scaleParam {
			scale = math.Max(e2, rms[ti])
		}
		lrT := scale * rel
		var f adafactorFactors
		if b, r, c, ok := factoredDims(t, factored); ok {
			f = adafactorFactors{b: b, r: r, c: c, rf: o.rf[:b*r], cf: o.cf[:b*c]}
			f.update(g, row[atRow:atRow+b*r], col[atCol:atCol+b*c], o.colSum[:c], e1, beta2t)
			atRow, atCol = atRow+b*r, atCol+b*c
		} else {
			v := sq[atSq : atSq+t.Size()]
			atSq += t.Size()
			for i, gi := range g {
				v[i] = math.FMA(1.0-beta2t, gi*gi+e1, v[i]*beta2t)
			}
			f = adafactorFactors{v: v}
		}
		ss := 0.0
		for b := 0; b < len(p); b += sumBlock {
			e := min(b+sumBlock, len(p))
			u := o.u[:e-b]
			f.fill(u, g, b)
			ss += vec.NormSq(u)
		}
		denom := math.Max((math.Sqrt(ss)/math.Sqrt(size))/clip, 1.0)
		var mt []float64
		if m != nil {
			mt = m[lo:hi]
		}
		decay := (-wd) * lrT
		for b := 0; b < len(p); b += sumBlock {
			e := min(b+sumBlock, len(p))
			u := o.u[:e-b]
			f.fill(u, g, b)
			for i := range u {
				ui := u[i] / denom
				ui = ui * lrT
				if mt != nil {
					ui = math.FMA(1-beta1, ui, mt[b+i]*beta1)
					mt[b+i] = ui
				}
				pi := p[b+i]
				if wd != 0 {
					pi = math.FMA(decay, pi, pi)
				}
				p[b+i] = pi + (-ui)
			}
		}
	}
	return nil
}

// blockNormSq is the squared norm of x summed in sumBlock blocks (see blocks.go).
func blockNormSq(x []float64) float64 {
	s := 0.0
	for b := 0; b < len(x); b += sumBlock {
		s += vec.NormSq(x[b:min(b+sumBlock, len(x))])
	}
	return s
}

// adafactorFactors turns a gradient into Adafactor's preconditioned update: from the row
// and column factors of a factored tensor (b matrices of r x c), or from the full second
// moment v.
type adafactorFactors struct {
	b, r, c int
	rf, cf  []float64 // 1/sqrt(row/mean(row)) and 1/sqrt(col), per matrix
	v       []float64
}

// update moves the factored second moment towards the row and column means of g²+eps1
// and computes the factors.
func (f *adafactorFactors) update(g, row, col, colSum []float64, eps1, beta2t float64) {
	r, c := f.r, f.c
	for b := 0; b < f.b; b++ {
		mat := g[b*r*c : (b+1)*r*c]
		rw, cl := row[b*r:(b+1)*r], col[b*c:(b+1)*c]
		for j := range colSum {
			colSum[j] = 0
		}
		for i := 0; i < r; i++ {
			s := 0.0
			for j, gij := range mat[i*c : (i+1)*c] {
				u := gij*gij + eps1
				s = s + u
				colSum[j] = colSum[j] + u
			}
			rw[i] = math.FMA(1.0-beta2t, s/float64(c), rw[i]*beta2t)
		}
		for j := range cl {
			cl[j] = math.FMA(1.0-beta2t, colSum[j]/float64(r), cl[j]*beta2t)
		}
		rm := 0.0
		for _, x := range rw {
			rm = rm + x
		}
		rm = rm / float64(r)
		for i, x := range rw {
			f.rf[b*r+i] = 1 / math.Sqrt(x/rm)
		}
		for j, x := range cl {
			f.cf[b*c+j] = 1 / math.Sqrt(x)
		}
	}
}

// fill writes the update for the elements [at, at+len(u)) of the tensor into u.
func (f *adafactorFactors) fill(u, g []float64, at int) {
	if f.v != nil {
		for i := range u {
			u[i] = (1 / math.Sqrt(f.v[at+i])) * g[at+i]
		}
		return
	}
	rc := f.r * f.c
	for i := range u {
		k := at + i
		b, rem := k/rc, k%rc
		row, col := rem/f.c, rem%f.c
		u[i] = (f.rf[b*f.r+row] * f.cf[b*f.c+col]) * g[k]
	}
}

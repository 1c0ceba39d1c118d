package optimizers

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers/vec"
)

// Muon is SingleDeviceMuonWithAuxAdam from KellerJordan/Muon: momentum SGD whose update
// of each weight matrix is orthogonalised (every singular value pushed to about 1) by a
// quintic Newton–Schulz iteration, so that it moves all directions of the matrix alike;
// the other parameters (biases, gains, and anything without a matrix shape) get Adam.
//
// It has two parameter groups, as the reference's param_groups: Muon's and the auxiliary
// Adam's, each with its own hyper-parameters; Groups returns them, so schedules drive
// both learning rates. Muon's (the reference's names and defaults): lr=0.02,
// momentum=0.95, weight_decay=0 (decoupled), nesterov=true, ns_steps=5. Adam's: lr=3e-4,
// betas=(0.9, 0.95), eps=1e-10, weight_decay=0, set through New as adam_lr, adam_betas,
// adam_eps and adam_weight_decay, or on Groups()[1].Hyper(). The iteration runs in
// float64 (the reference uses bfloat16) with the reference's coefficients
// (3.4445, -4.7750, 2.0315) and normaliser eps 1e-7.
//
// Muon needs the shapes: tensors of two or more dimensions (reshaped to shape[0] rows)
// are its matrices, the rest go to Adam. train.Fit passes a model's shapes; for Minimize
// call SetShapes. Without shapes every parameter gets Adam. State: Muon's
// momentum_buffer (over the matrices); Adam's exp_avg and exp_avg_sq (over the rest).
// The update of an R×C matrix is scaled by √max(1, R/C); the models in this library
// store a layer's weights as inputs×outputs, the transpose of torch's Linear weight.
//
// The iteration's products run on the training kernels (package internal/gemm): every
// element is one chain of fused multiply-adds, as in the reference's OpenBLAS dgemm, so
// the golden trajectories replay bit for bit, and a step on a 256×256 matrix takes
// about a fifth of the time it takes with gonum's Dgemm (BenchmarkMuonStep).
//
//	B = μB + (1-μ)G,  U = μB + (1-μ)G (Nesterov),  p ← (1-lr·λ)p - lr·√max(1,R/C)·NS5(U)
type Muon struct {
	*Base
	shapes
	adam *muonAdam
	// Newton–Schulz workspace: the iterate, A = X Xᵀ, the polynomial B and products.
	x, a, b, t, bx []float64
}

// muonAdam is Muon's auxiliary Adam group.
type muonAdam struct {
	*Base
	m *Muon
}

// Step steps Muon as a whole: a group cannot step alone.
func (g *muonAdam) Step(params, grads []float64) error { return g.m.Step(params, grads) }

// muonNS are the quintic Newton–Schulz coefficients and the normaliser's eps of the
// reference's zeropower_via_newtonschulz5.
var muonNS = struct{ a, b, c, eps float64 }{3.4445, -4.7750, 2.0315, 1e-7}

// NewMuon returns Muon with the reference's defaults.
func NewMuon() *Muon {
	o := &Muon{Base: NewBase("Muon", map[string]any{
		"lr": 0.02, "momentum": 0.95, "weight_decay": 0.0, "nesterov": true, "ns_steps": 5,
	})}
	o.Hyper().Check = checkMuon
	o.adam = &muonAdam{Base: NewBase("Muon.adam", map[string]any{
		"lr": 3e-4, "betas": []float64{0.9, 0.95}, "eps": 1e-10, "weight_decay": 0.0,
	}), m: o}
	o.adam.Hyper().Check = checkMuonAdam
	return o
}

func checkMuon(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), inRange(h.Owner(), "momentum", h.Float("momentum"), 0, 1, false),
		nonNeg(h, "weight_decay"), atLeast(h, "ns_steps", 0))
}

func checkMuonAdam(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), betas(h, false), nonNeg(h, "eps"), nonNeg(h, "weight_decay"))
}

// Groups returns Muon's group and the auxiliary Adam group, in that order.
func (o *Muon) Groups() []Optimizer { return []Optimizer{o, o.adam} }

// SetShapes sets the tensors; those of two or more dimensions are orthogonalised.
func (o *Muon) SetShapes(ts []Tensor) error { return o.shapes.set(o.Name(), o.State(), ts) }

// muonMatrix returns the rows and columns Muon sees in t, and whether it is a matrix.
func muonMatrix(t Tensor) (r, c int, ok bool) {
	if len(t.Shape) < 2 {
		return 0, 0, false
	}
	return t.Shape[0], t.Size() / t.Shape[0], true
}

// Step does one update: Muon on the matrices, Adam on the rest.
func (o *Muon) Step(params, grads []float64) error {
	if o.Base == nil || o.adam == nil {
		return unbuilt("Muon", "NewMuon()")
	}
	h, ha := o.Hyper(), o.adam.Hyper()
	st, sa := o.State(), o.adam.State()
	if err := firstErr(checkMuon(h), checkMuonAdam(ha), sameLens(o.Name(), params, grads)); err != nil {
		return err
	}
	ts, err := o.tensors(o.Name(), len(params))
	if err != nil {
		return err
	}
	nMuon, nAdam, maxRC, maxM := 0, 0, 0, 0
	for _, t := range ts {
		if r, c, ok := muonMatrix(t); ok {
			nMuon += r * c
			maxRC, maxM = max(maxRC, r*c), max(maxM, min(r, c))
		} else {
			nAdam += t.Size()
		}
	}
	if err := firstErr(bufLen(o.Name(), st, "momentum_buffer", nMuon), bufLen(o.Name(), sa, "exp_avg", nAdam),
		bufLen(o.Name(), sa, "exp_avg_sq", nAdam)); err != nil {
		return err
	}
	o.x, o.bx = grow(o.x, maxRC), grow(o.bx, maxRC)
	o.a, o.b, o.t = grow(o.a, maxM*maxM), grow(o.b, maxM*maxM), grow(o.t, maxM*maxM)

	lr, mom, keep := h.Float("lr"), h.Float("momentum"), 1-h.Float("lr")*h.Float("weight_decay")
	nesterov, steps := h.Bool("nesterov"), h.Int("ns_steps")
	var buf, m, v []float64
	st.Steps++
	if nMuon > 0 {
		buf = st.Buffer("momentum_buffer", nMuon)
	}
	var bc1, bc2 float64
	alr, akeep := ha.Float("lr"), 1-ha.Float("lr")*ha.Float("weight_decay")
	b1, b2 := ha.Pair("betas")
	eps := ha.Float("eps")
	if nAdam > 0 {
		m, v = sa.Buffer("exp_avg", nAdam), sa.Buffer("exp_avg_sq", nAdam)
		sa.Steps++
		bc1, bc2 = vec.BiasCorrection(b1, sa.Steps), vec.BiasCorrection(b2, sa.Steps)
	}
	atM, atA := 0, 0
	for _, t := range ts {
		lo, hi := t.Offset, t.End()
		p, g := params[lo:hi], grads[lo:hi]
		r, c, ok := muonMatrix(t)
		if !ok {
			ma, va := m[atA:atA+len(p)], v[atA:atA+len(p)]
			atA += len(p)
			for i, gi := range g {
				mi := vec.LerpScalar(ma[i], gi, 1-b1)
				vi := vec.LerpScalar(va[i], gi*gi, 1-b2)
				ma[i], va[i] = mi, vi
				u := (mi / bc1) / (math.Sqrt(vi/bc2) + eps)
				p[i] = math.FMA(-alr, u, p[i]*akeep)
			}
			continue
		}
		bt := buf[atM : atM+len(p)]
		atM += len(p)
		u := o.bx[:len(p)]
		for i, gi := range g {
			bi := vec.LerpScalar(bt[i], gi, 1-mom)
			bt[i] = bi
			if nesterov {
				u[i] = vec.LerpScalar(gi, bi, mom)
			} else {
				u[i] = bi
			}
		}
		x := o.newtonSchulz(u, r, c, steps)
		scale := 1.0
		if r > c {
			scale = math.Sqrt(float64(r) / float64(c))
		}
		for i := range p {
			p[i] = math.FMA(-lr, x[i]*scale, p[i]*keep)
		}
	}
	return nil
}

// newtonSchulz returns the orthogonalisation of the r×c matrix g (row-major) by the
// reference's quintic iteration, in the wide orientation (transposed when r > c) and
// returned in g's layout. It overwrites g and returns a slice of the workspace.
//
//	X = G/(‖G‖_F + 1e-7);  repeat: A = X Xᵀ,  B = b·A + (c·A)·A,  X = a·X + B·X
func (o *Muon) newtonSchulz(g []float64, r, c, steps int) []float64 {
	ns := muonNS
	norm := math.Sqrt(muonSumSq(g)) + ns.eps
	m, k := r, c // X is m×k with m <= k
	x := o.x[:r*c]
	if r > c {
		m, k = c, r
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				x[j*r+i] = g[i*c+j] / norm
			}
		}
	} else {
		for i := range x {
			x[i] = g[i] / norm
		}
	}
	a, b, t, bx := o.a[:m*m], o.b[:m*m], o.t[:m*m], o.bx[:m*k]
	for s := 0; s < steps; s++ {
		mul(a, x, x, m, k, m, false, true)
		for i := range a {
			t[i] = ns.c * a[i]
		}
		mul(b, t, a, m, m, m, false, false)
		for i := range b {
			b[i] = ns.b*a[i] + b[i]
		}
		mul(bx, b, x, m, m, k, false, false)
		for i := range x {
			x[i] = ns.a*x[i] + bx[i]
		}
	}
	if r <= c {
		return x
	}
	out := g // g is free now: return X transposed back to r×c in it
	for i := 0; i < m; i++ {
		for j := 0; j < k; j++ {
			out[j*m+i] = x[i*k+j]
		}
	}
	return out
}

// muonSumSq is torch.sum(X*X) as torch's vectorised CPU reduction adds it on small
// tensors: products in memory order, four lane sums l_j = q_j + q_(j+4) + ..., combined
// as ((l0+l1)+l2)+l3, then the remaining elements in order.
func muonSumSq(x []float64) float64 {
	var l [4]float64
	n4 := len(x) &^ 3
	for i := 0; i < n4; i += 4 {
		for j := 0; j < 4; j++ {
			l[j] = l[j] + x[i+j]*x[i+j]
		}
	}
	s := ((l[0] + l[1]) + l[2]) + l[3]
	for _, xi := range x[n4:] {
		s = s + xi*xi
	}
	return s
}

// muonFactory builds Muon by name. adam_* keys set the auxiliary Adam group; the
// reference's fixed Newton–Schulz internals (ns_coefficients, ns_norm_eps, ns_dtype) are
// accepted when they are the values used here.
func muonFactory(hyper map[string]any) (Optimizer, error) {
	o := NewMuon()
	own, aux := map[string]any{}, map[string]any{}
	for k, v := range hyper {
		switch k {
		case "adam_lr", "adam_betas", "adam_eps", "adam_weight_decay":
			aux[k[len("adam_"):]] = v
		case "ns_coefficients":
			if err := muonFixed(k, v); err != nil {
				return nil, err
			}
		case "ns_norm_eps":
			if f, ok := ToFloat(v); !ok || f != muonNS.eps {
				return nil, fmt.Errorf("Muon: ns_norm_eps is fixed at %v, got %v", muonNS.eps, v)
			}
		case "ns_dtype":
			if s, ok := v.(string); !ok || len(s) < 7 || s[:7] != "float64" {
				return nil, fmt.Errorf("Muon: the Newton-Schulz iteration runs in float64, got ns_dtype %v", v)
			}
		default:
			own[k] = v
		}
	}
	if err := o.Hyper().SetAll(own); err != nil {
		return nil, err
	}
	if err := o.adam.Hyper().SetAll(aux); err != nil {
		return nil, fmt.Errorf("Muon: adam group: %w", err)
	}
	return o, nil
}

func muonFixed(k string, v any) error {
	want := []float64{muonNS.a, muonNS.b, muonNS.c}
	var got []float64
	switch x := v.(type) {
	case []float64:
		got = x
	case []any:
		for _, e := range x {
			f, _ := ToFloat(e)
			got = append(got, f)
		}
	}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		return fmt.Errorf("Muon: %s is fixed at %v, got %v", k, want, v)
	}
	return nil
}

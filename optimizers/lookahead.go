package optimizers

import (
	"fmt"

	"github.com/descentlab/descent/optimizers/vec"
)

// Lookahead is torch_optimizer.Lookahead (Zhang et al., 2019) around any optimizer: the
// inner optimizer takes k fast steps, then the fast weights are pulled towards slow
// weights, p ← α·p + (1-α)·slow, and the slow weights become p.
//
// Hyper-parameters (the reference's names and defaults): k=5, alpha=0.5. As in the
// reference, the first sync comes right after the first inner step (when the slow
// weights are created from the fast ones), then every k steps. State: slow_param and
// the counter; the inner optimizer keeps its own. Groups exposes the inner optimizer's
// groups, so schedules drive the inner lr; SetShapes and EvalParams pass through to it.
//
// Build it with NewLookahead(inner), which takes any Optimizer (a plugin too), or by
// name: New("lookahead", {"k": 5, "alpha": 0.5, "optimizer": "adam", "inner": {"lr": 1e-3}})
// where "optimizer" is a registered name (default "adam") or an Optimizer value and
// "inner" the inner optimizer's hyper-parameters.
type Lookahead struct {
	*Base
	splitter
	inner   Optimizer
	p, slow []float64
	alpha   float64
}

// NewLookahead returns Lookahead around inner with the reference's defaults.
func NewLookahead(inner Optimizer) *Lookahead {
	name := "Lookahead(<nil>)"
	if inner != nil {
		name = "Lookahead(" + inner.Name() + ")"
	}
	o := &Lookahead{Base: NewBase(name, map[string]any{"k": 5, "alpha": 0.5}), inner: inner}
	o.Hyper().Check = checkLookahead
	return o
}

func checkLookahead(h *Hyper) error {
	return firstErr(inRange(h.Owner(), "alpha", h.Float("alpha"), 0, 1, true), atLeast(h, "k", 1))
}

// Unwrap returns the inner optimizer.
func (o *Lookahead) Unwrap() Optimizer { return o.inner }

// Groups returns the inner optimizer's parameter groups, or the inner optimizer itself,
// so that HypersOf (and so every schedule) reaches the inner learning rates.
func (o *Lookahead) Groups() []Optimizer {
	if g, ok := o.inner.(Grouped); ok {
		return g.Groups()
	}
	return []Optimizer{o.inner}
}

// SetShapes gives the tensors to the inner optimizer.
func (o *Lookahead) SetShapes(ts []Tensor) error {
	if o.inner == nil {
		return fmt.Errorf("%s: no inner optimizer", o.Name())
	}
	return SetShapes(o.inner, ts)
}

// EvalParams writes the inner optimizer's evaluation point: the fast weights, unless the
// inner optimizer has its own (see EvalPoint).
func (o *Lookahead) EvalParams(dst, params []float64) error {
	if o.inner == nil {
		return fmt.Errorf("%s: no inner optimizer", o.Name())
	}
	return EvalParams(o.inner, dst, params)
}

// Step does one inner step and, every k steps, the slow-weight sync.
func (o *Lookahead) Step(params, grads []float64) error {
	if o.Base == nil || o.inner == nil {
		return fmt.Errorf("optimizers: Lookahead needs an inner optimizer; use NewLookahead(inner) or New(\"lookahead\", {\"optimizer\": name})")
	}
	h, st := o.Hyper(), o.State()
	if err := firstErr(checkLookahead(h), checkLens(o.Name(), st, params, grads)); err != nil {
		return err
	}
	if err := o.inner.Step(params, grads); err != nil {
		return err
	}
	st.Steps++
	counter := int(st.Scalar("counter", 0))
	if counter == 0 {
		first := !st.Has("slow_param")
		o.slow = st.Buffer("slow_param", len(params))
		if first {
			copy(o.slow, params)
		}
		o.p, o.alpha = params, h.Float("alpha")
		o.run(o, len(params))
		o.p, o.slow = nil, nil
	}
	counter++
	if counter >= h.Int("k") {
		counter = 0
	}
	st.Scalars["counter"] = float64(counter)
	return nil
}

func (o *Lookahead) stepRange(lo, hi int) {
	_ = vec.LookaheadSync(o.p[lo:hi], o.slow[lo:hi], o.alpha)
}

// lookaheadFactory builds Lookahead by name (see Lookahead).
func lookaheadFactory(hyper map[string]any) (Optimizer, error) {
	own := map[string]any{}
	var inner Optimizer
	innerName := "adam"
	var innerHyper map[string]any
	for k, v := range hyper {
		switch k {
		case "optimizer":
			switch x := v.(type) {
			case string:
				innerName = x
			case Optimizer:
				inner = x
			default:
				return nil, fmt.Errorf("Lookahead: \"optimizer\" is %T %v; want a registered name such as \"adam\" or an Optimizer built in compiled code (for a notebook optimizer, Register it and pass its name, or call NewLookahead)", v, v)
			}
		case "inner":
			m, ok := v.(map[string]any)
			if !ok && v != nil {
				return nil, fmt.Errorf("Lookahead: \"inner\" is %T %v; want the inner optimizer's hyper-parameters as a map[string]any", v, v)
			}
			innerHyper = m
		default:
			own[k] = v
		}
	}
	if inner == nil {
		var err error
		if inner, err = New(innerName, innerHyper); err != nil {
			return nil, fmt.Errorf("Lookahead: inner optimizer: %w", err)
		}
	} else if len(innerHyper) > 0 {
		if err := inner.Hyper().SetAll(innerHyper); err != nil {
			return nil, fmt.Errorf("Lookahead: inner optimizer: %w", err)
		}
	}
	o := NewLookahead(inner)
	if err := o.Hyper().SetAll(own); err != nil {
		return nil, err
	}
	return o, nil
}

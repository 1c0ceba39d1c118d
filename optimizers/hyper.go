package optimizers

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Kind is the type of one hyper-parameter.
type Kind int

// The kinds a hyper-parameter can have.
const (
	Float Kind = iota // a float64, such as lr
	Int               // a whole number, such as history_size
	Bool              // a flag, such as nesterov
	Pair              // two float64s, such as betas
)

// String returns the kind's name as error messages show it, such as "pair of floats".
func (k Kind) String() string {
	switch k {
	case Float:
		return "float"
	case Int:
		return "int"
	case Bool:
		return "bool"
	case Pair:
		return "pair of floats"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

type hyperValue struct {
	kind Kind
	a, b float64 // Float, Int and Bool (0 or 1) use a; Pair uses both
}

// Hyper holds an optimizer's hyper-parameters under torch.optim's names ("lr", "betas",
// "weight_decay", ...). The set of names is fixed at construction; values can change at any
// time and take effect at the next step. Check, when set, validates every change.
type Hyper struct {
	owner string
	names []string // sorted
	vals  map[string]hyperValue

	// Check validates the hyper-parameters after a change; a non-nil error undoes the change.
	Check func(h *Hyper) error
}

// NewHyper returns hyper-parameters for owner (used in error messages) with the given
// defaults. A default's Go type sets the parameter's kind: float64 is Float, int is Int,
// bool is Bool, and []float64 or [2]float64 of length two is Pair. It panics on any other
// type, since defaults are written by programmers, not users.
func NewHyper(owner string, defaults map[string]any) *Hyper {
	h := &Hyper{owner: owner, vals: make(map[string]hyperValue, len(defaults))}
	for name, v := range defaults {
		hv, err := toValue(v)
		if err != nil {
			panic(fmt.Sprintf("optimizers: default %q of %s: %v", name, owner, err))
		}
		h.vals[name] = hv
		h.names = append(h.names, name)
	}
	sort.Strings(h.names)
	return h
}

func toValue(v any) (hyperValue, error) {
	switch x := v.(type) {
	case float64:
		return hyperValue{kind: Float, a: x}, nil
	case int:
		return hyperValue{kind: Int, a: float64(x)}, nil
	case bool:
		if x {
			return hyperValue{kind: Bool, a: 1}, nil
		}
		return hyperValue{kind: Bool}, nil
	case [2]float64:
		return hyperValue{kind: Pair, a: x[0], b: x[1]}, nil
	case []float64:
		if len(x) == 2 {
			return hyperValue{kind: Pair, a: x[0], b: x[1]}, nil
		}
	}
	return hyperValue{}, fmt.Errorf("unsupported type %T", v)
}

// Owner returns the name of the optimizer or schedule these hyper-parameters belong to.
func (h *Hyper) Owner() string { return h.owner }

// Names returns the hyper-parameter names in sorted order.
func (h *Hyper) Names() []string { return append([]string(nil), h.names...) }

// Has reports whether name is one of the hyper-parameters.
func (h *Hyper) Has(name string) bool {
	_, ok := h.vals[name]
	return ok
}

// Kind returns the kind of name, and false if there is no such hyper-parameter.
func (h *Hyper) Kind(name string) (Kind, bool) {
	v, ok := h.vals[name]
	return v.kind, ok
}

// Float returns name as a float64: a Float or Int value, 1 or 0 for a Bool and the first
// element of a Pair. An unknown name, such as a misspelt "momentun", gives NaN rather than
// 0, so that a plugin reading it fails loudly: NaN spreads to the parameters, which
// Minimize and train.Fit report as non-finite, instead of silently running without the
// setting. Check Has first to read an optional name.
func (h *Hyper) Float(name string) float64 {
	v, ok := h.vals[name]
	if !ok {
		return math.NaN()
	}
	return v.a
}

// Int returns name rounded to an int, and 0 for an unknown name (an int has no NaN; use
// Has to tell a missing name from a zero).
func (h *Hyper) Int(name string) int { return int(math.Round(h.vals[name].a)) }

// Bool returns whether name is a true flag (or a non-zero number), and false for an
// unknown name.
func (h *Hyper) Bool(name string) bool { return h.vals[name].a != 0 }

// Pair returns both elements of a Pair, such as beta1 and beta2 of "betas", and two NaNs
// for an unknown name, for the reason Float gives.
func (h *Hyper) Pair(name string) (float64, float64) {
	v, ok := h.vals[name]
	if !ok {
		return math.NaN(), math.NaN()
	}
	return v.a, v.b
}

// Get returns the value of name as its natural Go type (float64, int, bool or []float64).
func (h *Hyper) Get(name string) (any, bool) {
	v, ok := h.vals[name]
	if !ok {
		return nil, false
	}
	switch v.kind {
	case Int:
		return int(v.a), true
	case Bool:
		return v.a != 0, true
	case Pair:
		return []float64{v.a, v.b}, true
	}
	return v.a, true
}

// Map returns a copy of all hyper-parameters as name → value (see Get).
func (h *Hyper) Map() map[string]any {
	m := make(map[string]any, len(h.names))
	for _, n := range h.names {
		m[n], _ = h.Get(n)
	}
	return m
}

// Set changes one hyper-parameter. It accepts any Go integer or float (see ToFloat) for
// Float and Int (an Int must be whole), a bool for Bool, and a two-element []float64,
// [2]float64 or []any of numbers for Pair. Unknown names, wrong types and values that Check rejects are errors, and leave
// the hyper-parameters unchanged.
func (h *Hyper) Set(name string, v any) error {
	return h.SetAll(map[string]any{name: v})
}

// SetAll changes several hyper-parameters at once, checked together: either all change or,
// on error, none does.
func (h *Hyper) SetAll(values map[string]any) error {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	old := make(map[string]hyperValue, len(keys))
	for _, k := range keys {
		cur, ok := h.vals[k]
		if !ok {
			h.restore(old)
			return h.unknown(k)
		}
		nv, err := convert(cur.kind, values[k])
		if err != nil {
			h.restore(old)
			return fmt.Errorf("%s: hyper-parameter %q: %v", h.owner, k, err)
		}
		old[k] = cur
		h.vals[k] = nv
	}
	if h.Check != nil {
		if err := h.Check(h); err != nil {
			h.restore(old)
			return err
		}
	}
	return nil
}

func (h *Hyper) restore(old map[string]hyperValue) {
	for k, v := range old {
		h.vals[k] = v
	}
}

func (h *Hyper) unknown(name string) error {
	return fmt.Errorf("%s: unknown hyper-parameter %q (valid: %s)", h.owner, name, strings.Join(h.names, ", "))
}

// Clone returns an independent copy with the same Check.
func (h *Hyper) Clone() *Hyper {
	c := &Hyper{owner: h.owner, names: append([]string(nil), h.names...), vals: make(map[string]hyperValue, len(h.vals)), Check: h.Check}
	for k, v := range h.vals {
		c.vals[k] = v
	}
	return c
}

// String lists the hyper-parameters as name=value pairs, in sorted order.
func (h *Hyper) String() string {
	parts := make([]string, len(h.names))
	for i, n := range h.names {
		v, _ := h.Get(n)
		parts[i] = fmt.Sprintf("%s=%v", n, v)
	}
	return strings.Join(parts, " ")
}

func convert(kind Kind, v any) (hyperValue, error) {
	switch kind {
	case Bool:
		b, ok := v.(bool)
		if !ok {
			return hyperValue{}, fmt.Errorf("want a bool, got %T %v", v, v)
		}
		if b {
			return hyperValue{kind: Bool, a: 1}, nil
		}
		return hyperValue{kind: Bool}, nil
	case Float, Int:
		f, ok := ToFloat(v)
		if !ok {
			return hyperValue{}, fmt.Errorf("want a number, got %T %v", v, v)
		}
		if kind == Int && f != math.Trunc(f) {
			return hyperValue{}, fmt.Errorf("want a whole number, got %v", f)
		}
		return hyperValue{kind: kind, a: f}, nil
	case Pair:
		var xs []any
		switch p := v.(type) {
		case []float64:
			for _, x := range p {
				xs = append(xs, x)
			}
		case [2]float64:
			xs = []any{p[0], p[1]}
		case []any:
			xs = p
		default:
			return hyperValue{}, fmt.Errorf("want a pair of numbers such as []float64{0.9, 0.999}, got %T %v", v, v)
		}
		if len(xs) != 2 {
			return hyperValue{}, fmt.Errorf("want a pair of numbers, got %d values", len(xs))
		}
		a, ok1 := ToFloat(xs[0])
		b, ok2 := ToFloat(xs[1])
		if !ok1 || !ok2 {
			return hyperValue{}, fmt.Errorf("want a pair of numbers, got %v", v)
		}
		return hyperValue{kind: Pair, a: a, b: b}, nil
	}
	return hyperValue{}, fmt.Errorf("unknown kind %v", kind)
}

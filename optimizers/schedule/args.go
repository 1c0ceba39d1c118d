package schedule

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/descentlab/descent/optimizers"
)

// args reads torch-style keyword arguments for one schedule, with typed accessors that
// remember the first problem; done then also rejects names the schedule does not know.
type args struct {
	sched string
	m     map[string]any
	known []string
	err   error
}

func newArgs(sched string, m map[string]any) *args {
	return &args{sched: sched, m: m}
}

func (a *args) fail(key, format string, v ...any) {
	if a.err == nil {
		a.err = fmt.Errorf("schedule: %s: arg %q: %s", a.sched, key, fmt.Sprintf(format, v...))
	}
}

// get returns the value of key and whether it was given (a nil value counts as absent,
// as Python's None selects the default).
func (a *args) get(key string) (any, bool) {
	a.known = append(a.known, key)
	v, ok := a.m[key]
	return v, ok && v != nil
}

// done returns an error naming the first unknown arg and the valid ones, or else the
// first problem met while reading. Unknown names come first because a misspelt name
// usually also shows up as a missing required one. torch's last_epoch (only -1, a fresh
// start) and verbose (ignored) are always accepted.
func (a *args) done() error {
	if v, ok := a.get("last_epoch"); ok {
		if f, isNum := optimizers.ToFloat(v); !isNum || f != -1 {
			a.fail("last_epoch", "only -1 (start from scratch) is supported, got %v", v)
		}
	}
	if v, ok := a.get("verbose"); ok {
		if _, isBool := v.(bool); !isBool {
			a.fail("verbose", "want a bool, got %T %v", v, v)
		}
	}
	var unknown []string
	for k := range a.m {
		if !a.isKnown(k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		valid := append([]string(nil), a.known...)
		sort.Strings(valid)
		valid = slices.Compact(valid)
		return fmt.Errorf("schedule: %s: unknown arg %q (valid: %s)", a.sched, unknown[0], strings.Join(valid, ", "))
	}
	return a.err
}

func (a *args) isKnown(k string) bool {
	for _, n := range a.known {
		if n == k {
			return true
		}
	}
	return false
}

func (a *args) missing(key string) {
	if a.err == nil {
		a.err = fmt.Errorf("schedule: %s: arg %q is required", a.sched, key)
	}
}

// float returns a number arg, or def when absent.
func (a *args) float(key string, def float64) float64 {
	v, ok := a.get(key)
	if !ok {
		return def
	}
	f, isNum := optimizers.ToFloat(v)
	if !isNum {
		a.fail(key, "want a number, got %T %v", v, v)
		return def
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		a.fail(key, "want a finite number, got %v", f)
		return def
	}
	return f
}

// reqFloat returns a required number arg.
func (a *args) reqFloat(key string) float64 {
	if _, ok := a.m[key]; !ok || a.m[key] == nil {
		a.known = append(a.known, key)
		a.missing(key)
		return 0
	}
	return a.float(key, 0)
}

// int returns a whole-number arg (JSON delivers numbers as float64), or def when absent.
func (a *args) int(key string, def int) int {
	v, ok := a.get(key)
	if !ok {
		return def
	}
	n, err := toInt(v)
	if err != nil {
		a.fail(key, "%v", err)
		return def
	}
	return n
}

func (a *args) reqInt(key string) int {
	if _, ok := a.m[key]; !ok || a.m[key] == nil {
		a.known = append(a.known, key)
		a.missing(key)
		return 0
	}
	return a.int(key, 0)
}

func (a *args) bool(key string, def bool) bool {
	v, ok := a.get(key)
	if !ok {
		return def
	}
	b, isBool := v.(bool)
	if !isBool {
		a.fail(key, "want a bool, got %T %v", v, v)
		return def
	}
	return b
}

// choice returns a string arg that must be one of choices.
func (a *args) choice(key, def string, choices ...string) string {
	v, ok := a.get(key)
	if !ok {
		return def
	}
	s, isStr := v.(string)
	if !isStr {
		a.fail(key, "want one of %s, got %T %v", quoted(choices), v, v)
		return def
	}
	for _, c := range choices {
		if s == c {
			return s
		}
	}
	a.fail(key, "want one of %s, got %q", quoted(choices), s)
	return def
}

// perGroup returns a number given once for all n groups or as a list of one per group
// (torch's _format_param), or nil when absent.
func (a *args) perGroup(key string, n int) []float64 {
	v, ok := a.get(key)
	if !ok {
		return nil
	}
	if f, isNum := optimizers.ToFloat(v); isNum {
		return repeat(f, n)
	}
	xs, err := toFloats(v)
	if err != nil {
		a.fail(key, "want a number or a list of one number per parameter group: %v", err)
		return nil
	}
	if len(xs) != n {
		a.fail(key, "expected %d values (one per parameter group), got %d", n, len(xs))
		return nil
	}
	return xs
}

// ints returns a list of whole numbers such as milestones, or nil when absent.
func (a *args) ints(key string) []int {
	v, ok := a.get(key)
	if !ok {
		return nil
	}
	xs, err := toFloats(v)
	if err != nil {
		a.fail(key, "want a list of whole numbers: %v", err)
		return nil
	}
	out := make([]int, len(xs))
	for i, x := range xs {
		n, err := toInt(x)
		if err != nil {
			a.fail(key, "element %d: %v", i, err)
			return nil
		}
		out[i] = n
	}
	return out
}

func toInt(v any) (int, error) {
	f, ok := optimizers.ToFloat(v)
	if !ok {
		return 0, fmt.Errorf("want a whole number, got %T %v", v, v)
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, fmt.Errorf("want a whole number, got %v", f)
	}
	return int(f), nil
}

func toFloats(v any) ([]float64, error) {
	switch x := v.(type) {
	case []float64:
		return append([]float64(nil), x...), nil
	case []int:
		out := make([]float64, len(x))
		for i, n := range x {
			out[i] = float64(n)
		}
		return out, nil
	case []any:
		out := make([]float64, len(x))
		for i, e := range x {
			f, ok := optimizers.ToFloat(e)
			if !ok {
				return nil, fmt.Errorf("element %d is %T %v, not a number", i, e, e)
			}
			out[i] = f
		}
		return out, nil
	}
	return nil, fmt.Errorf("got %T %v", v, v)
}

// perGroupOr is perGroup with def for every group when key is absent.
func (a *args) perGroupOr(key string, def float64, n int) []float64 {
	if xs := a.perGroup(key, n); xs != nil {
		return xs
	}
	return repeat(def, n)
}

func repeat(f float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = f
	}
	return out
}

func quoted(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

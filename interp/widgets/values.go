package widgets

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// validate checks value for attribute name and converts it to the attribute's kind.
func (m *Model) validate(name string, value any) (any, error) {
	m.mu.Lock()
	cur, ok := m.state[name]
	check := m.check
	nullable := m.nullable[name]
	m.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("widgets: %s has no attribute %q", strings.TrimSuffix(m.name, "Model"), name)
	}
	v, err := value, error(nil)
	if !nullable || value != nil {
		v, err = convert(cur, value)
	}
	if err != nil {
		return nil, fmt.Errorf("widgets: %s.%s: %w", strings.TrimSuffix(m.name, "Model"), name, err)
	}
	if check != nil {
		if v, err = check(name, v); err != nil {
			return nil, fmt.Errorf("widgets: %s.%s: %w", strings.TrimSuffix(m.name, "Model"), name, err)
		}
	}
	return v, nil
}

// convert brings v to the kind of cur, the attribute's current value: JSON numbers to
// int for integer attributes, any Go number to float64 for float ones. An attribute
// whose current value is nil (such as a tooltip) takes any value.
func convert(cur, v any) (any, error) {
	if cur == nil {
		return v, nil
	}
	rv := reflect.ValueOf(v)
	switch cur.(type) {
	case int:
		switch {
		case rv.CanInt():
			return int(rv.Int()), nil
		case rv.CanUint():
			return int(rv.Uint()), nil
		case rv.CanFloat():
			f := rv.Float()
			if f != math.Trunc(f) || math.IsInf(f, 0) || math.Abs(f) > 1<<53 {
				return nil, fmt.Errorf("%v is not an integer", v)
			}
			return int(f), nil
		}
		return nil, fmt.Errorf("want an integer, got %T", v)
	case float64:
		switch {
		case rv.CanFloat():
			f := rv.Float()
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, fmt.Errorf("want a finite number, got %v", f)
			}
			return f, nil
		case rv.CanInt():
			return float64(rv.Int()), nil
		case rv.CanUint():
			return float64(rv.Uint()), nil
		}
		return nil, fmt.Errorf("want a number, got %T", v)
	case bool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, fmt.Errorf("want a bool, got %T", v)
	case string:
		if s, ok := v.(string); ok {
			return s, nil
		}
		return nil, fmt.Errorf("want a string, got %T", v)
	}
	return v, nil
}

func formatValue(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case []string:
		q := make([]string, len(v))
		for i, s := range v {
			q[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// jsonState copies a state, turning []string into []any and *Model references into
// their "IPY_MODEL_" form, so that it encodes exactly as ipywidgets' does.
func jsonState(s map[string]any) map[string]any {
	out := make(map[string]any, len(s))
	for k, v := range s {
		switch v := v.(type) {
		case []string:
			l := make([]any, len(v))
			for i, x := range v {
				l[i] = x
			}
			out[k] = l
		default:
			out[k] = v
		}
	}
	return out
}

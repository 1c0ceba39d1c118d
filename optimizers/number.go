package optimizers

// ToFloat converts any Go integer or floating-point value to float64 and reports whether
// v was one. Hyper.Set, the schedule and loss registries and plugin factories reading a
// hyper-parameter or argument map all use it, so that a value accepted by one is
// accepted by all: a notebook may write 3, int32(3), uint8(3) or 3.0 alike. Large 64-bit
// integers round to the nearest float64, as a Go conversion does.
func ToFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int8:
		return float64(x), true
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint8:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case uintptr:
		return float64(x), true
	}
	return 0, false
}

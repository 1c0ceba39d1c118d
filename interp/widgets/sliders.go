package widgets

import (
	"fmt"
	"math"
)

func sliderAttrs(description string, value, min, max, step any, format string) map[string]any {
	return map[string]any{
		"behavior": "drag-tap", "continuous_update": true, "description": description, "description_allow_html": false,
		"max": max, "min": min, "orientation": "horizontal", "readout": true, "readout_format": format,
		"step": step, "value": value,
	}
}

var sliderStyle = map[string]any{"description_width": "", "handle_color": nil}

// IntSlider is a slider over integers.
type IntSlider struct{ control }

// NewIntSlider returns a slider labelled description, over min..max in steps of step,
// at value (brought into range). It panics when min > max or step < 1.
func NewIntSlider(description string, value, min, max, step int) *IntSlider {
	if min > max || step < 1 {
		panic(fmt.Sprintf("widgets.NewIntSlider(%q): want min <= max and step >= 1, got min=%d max=%d step=%d", description, min, max, step))
	}
	value = clampInt(value, min, max)
	s := &IntSlider{newControl("IntSliderModel", "IntSliderView", "SliderStyleModel", sliderStyle,
		sliderAttrs(description, value, min, max, step, "d"))}
	s.check = func(name string, v any) (any, error) {
		if name == "value" {
			lo, hi := s.Get("min").(int), s.Get("max").(int)
			return clampInt(v.(int), lo, hi), nil
		}
		return v, nil
	}
	s.describe = func() string { return s.describeAttrs("description", "value", "min", "max", "step") }
	return s
}

func clampInt(v, lo, hi int) int { return max(lo, min(hi, v)) }

// Value returns the slider's value.
func (s *IntSlider) Value() int { return s.Get("value").(int) }

// SetValue moves the slider to v (brought into range), in every front end.
func (s *IntSlider) SetValue(v int) { _ = s.Set("value", v) }

// OnChange calls f with the new value after every change.
func (s *IntSlider) OnChange(f func(value int)) {
	s.Observe("value", func() { callback("IntSlider.OnChange", func() { f(s.Value()) }) })
}

// FloatSlider is a slider over real numbers.
type FloatSlider struct{ control }

// NewFloatSlider returns a slider labelled description, over [min, max] in steps of
// step, at value (brought into range). It panics unless min <= max and step > 0.
func NewFloatSlider(description string, value, min, max, step float64) *FloatSlider {
	if !(min <= max) || !(step > 0) || math.IsInf(max-min, 0) {
		panic(fmt.Sprintf("widgets.NewFloatSlider(%q): want finite min <= max and step > 0, got min=%g max=%g step=%g", description, min, max, step))
	}
	s := &FloatSlider{newControl("FloatSliderModel", "FloatSliderView", "SliderStyleModel", sliderStyle,
		sliderAttrs(description, clampFloat(value, min, max), min, max, step, ".2f"))}
	s.check = func(name string, v any) (any, error) {
		if name == "value" {
			return clampFloat(v.(float64), s.Get("min").(float64), s.Get("max").(float64)), nil
		}
		return v, nil
	}
	s.describe = func() string { return s.describeAttrs("description", "value", "min", "max", "step") }
	return s
}

func clampFloat(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// Value returns the slider's value.
func (s *FloatSlider) Value() float64 { return s.Get("value").(float64) }

// SetValue moves the slider to v (brought into range), in every front end.
func (s *FloatSlider) SetValue(v float64) { _ = s.Set("value", v) }

// OnChange calls f with the new value after every change.
func (s *FloatSlider) OnChange(f func(value float64)) {
	s.Observe("value", func() { callback("FloatSlider.OnChange", func() { f(s.Value()) }) })
}

// FloatLogSlider is a slider whose position is the logarithm of its value: the natural
// control for a learning rate or a weight decay, which matter by orders of magnitude.
type FloatLogSlider struct{ control }

// NewFloatLogSlider returns a slider labelled description over the values [min, max]
// (both positive), at value (brought into range), moving in tenths of a decade (its
// "step" attribute is in decades: Set("step", 0.05) for finer moves). Its model holds
// the bounds as powers of ten, as ipywidgets' does. It panics unless 0 < min <= max.
func NewFloatLogSlider(description string, value, min, max float64) *FloatLogSlider {
	if !(min > 0) || !(min <= max) || math.IsInf(max, 0) {
		panic(fmt.Sprintf("widgets.NewFloatLogSlider(%q): want finite 0 < min <= max (the values, not their exponents), got min=%g max=%g", description, min, max))
	}
	attrs := sliderAttrs(description, clampFloat(value, min, max), exponent(min), exponent(max), 0.1, ".3g")
	attrs["base"] = 10.0
	s := &FloatLogSlider{newControl("FloatLogSliderModel", "FloatLogSliderView", "SliderStyleModel", sliderStyle, attrs)}
	s.check = func(name string, v any) (any, error) {
		switch name {
		case "value":
			b := s.Get("base").(float64)
			return clampFloat(v.(float64), power(b, s.Get("min").(float64)), power(b, s.Get("max").(float64))), nil
		case "base":
			if b := v.(float64); !(b > 0) || b == 1 {
				return nil, fmt.Errorf("want a positive base other than 1, got %g", b)
			}
		}
		return v, nil
	}
	s.describe = func() string {
		b := s.Get("base").(float64)
		return fmt.Sprintf("FloatLogSlider(description=%q, value=%g, min=%g, max=%g)", s.Get("description"), s.Value(),
			power(b, s.Get("min").(float64)), power(b, s.Get("max").(float64)))
	}
	return s
}

// exponent is log10(v), exactly an integer for powers of ten (math.Log10(0.1) is not).
func exponent(v float64) float64 {
	e := math.Log10(v)
	if r := math.Round(e); math.Abs(e-r) < 1e-12 {
		return r
	}
	return e
}

// power is b**e, exact for integer powers of ten (math.Pow(10, -1) is not 0.1).
func power(b, e float64) float64 {
	if b == 10 && e == math.Trunc(e) && math.Abs(e) < 300 {
		return math.Pow10(int(e))
	}
	return math.Pow(b, e)
}

// Value returns the slider's value.
func (s *FloatLogSlider) Value() float64 { return s.Get("value").(float64) }

// SetValue moves the slider to v (brought into range), in every front end.
func (s *FloatLogSlider) SetValue(v float64) { _ = s.Set("value", v) }

// OnChange calls f with the new value after every change.
func (s *FloatLogSlider) OnChange(f func(value float64)) {
	s.Observe("value", func() { callback("FloatLogSlider.OnChange", func() { f(s.Value()) }) })
}

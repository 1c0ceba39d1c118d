package widgets

import (
	"fmt"
	"math"
	"strings"
)

// Layout and style models. Every widget has a layout of its own (CSS size, margins,
// flex settings: Layout().Set("width", "400px")); controls also have a style (such
// as "description_width" or a slider's "handle_color").

var layoutAttrs = strings.Fields(`align_content align_items align_self border_bottom border_left border_right
	border_top bottom display flex flex_flow grid_area grid_auto_columns grid_auto_flow grid_auto_rows grid_column
	grid_gap grid_row grid_template_areas grid_template_columns grid_template_rows height justify_content
	justify_items left margin max_height max_width min_height min_width object_fit object_position order overflow
	padding right top visibility width`)

func newLayout() *Model {
	s := header(baseModule, modelVersion, "LayoutModel", baseModule, "LayoutView")
	for _, a := range layoutAttrs {
		s[a] = nil
	}
	return newModel(s)
}

// newStyle returns a style model of the given name with its attributes (nil: null).
func newStyle(name string, attrs map[string]any) *Model {
	s := header(controlsModule, modelVersion, name, baseModule, "StyleView")
	for k, v := range attrs {
		s[k] = v
	}
	return newModel(s)
}

// control is what every control embeds: its model, with its layout and style.
type control struct {
	*Model
	layout, style *Model
}

// Layout returns the widget's layout model, whose attributes are CSS properties
// (width, height, margin, ...).
func (c *control) Layout() *Model { return c.layout }

// Style returns the widget's style model (description_width, and per widget such as a
// slider's handle_color or a button's button_color).
func (c *control) Style() *Model { return c.style }

// newControl creates the layout, the style (a model named styleName with styleAttrs)
// and the control's model: the @jupyter-widgets/controls model named model, with the
// attributes every control has, then attrs.
func newControl(model, view, styleName string, styleAttrs, attrs map[string]any) control {
	layout := newLayout()
	style := newStyle(styleName, styleAttrs)
	s := header(controlsModule, modelVersion, model, controlsModule, view)
	for k, v := range map[string]any{
		"_dom_classes": []any{}, "description": "", "disabled": false,
		"layout": ref(layout), "style": ref(style), "tabbable": nil, "tooltip": nil,
	} {
		s[k] = v
	}
	for k, v := range attrs {
		s[k] = v
	}
	return control{Model: newModel(s, layout, style), layout: layout, style: style}
}

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

// Dropdown picks one of a list of strings.
type Dropdown struct {
	control
	options []string
}

// NewDropdown returns a dropdown labelled description offering options, showing value.
// It panics when value is not one of the options.
func NewDropdown(description string, options []string, value string) *Dropdown {
	index := -1
	for i, o := range options {
		if o == value {
			index = i
			break
		}
	}
	if index < 0 {
		panic(fmt.Sprintf("widgets.NewDropdown(%q): value %q is not one of the options %s", description, value, formatValue(options)))
	}
	labels := append([]string(nil), options...)
	d := &Dropdown{control: newControl("DropdownModel", "DropdownView", "DescriptionStyleModel",
		map[string]any{"description_width": ""},
		map[string]any{"_options_labels": labels, "description": description, "description_allow_html": false, "index": index}), options: labels}
	d.check = func(name string, v any) (any, error) {
		switch name {
		case "index":
			if i, ok := v.(int); !ok || i < 0 || i >= len(d.options) {
				return nil, fmt.Errorf("index %v is not in [0, %d)", v, len(d.options))
			}
		case "_options_labels":
			return nil, fmt.Errorf("the options of a Dropdown are fixed when it is made")
		}
		return v, nil
	}
	d.describe = func() string {
		return fmt.Sprintf("Dropdown(description=%q, value=%q, options=%s)", d.Get("description"), d.Value(), formatValue(d.options))
	}
	return d
}

// Value returns the option shown.
func (d *Dropdown) Value() string { return d.options[d.Index()] }

// Index returns the position of the option shown.
func (d *Dropdown) Index() int { return d.Get("index").(int) }

// SetValue shows option v; it is an error if v is not an option.
func (d *Dropdown) SetValue(v string) error {
	for i, o := range d.options {
		if o == v {
			return d.Set("index", i)
		}
	}
	return fmt.Errorf("widgets: Dropdown: %q is not one of the options %s", v, formatValue(d.options))
}

// OnChange calls f with the option chosen after every change.
func (d *Dropdown) OnChange(f func(value string)) {
	d.Observe("index", func() { callback("Dropdown.OnChange", func() { f(d.Value()) }) })
}

// Checkbox is a labelled on/off box.
type Checkbox struct{ control }

// NewCheckbox returns a checkbox labelled description, ticked when value is true.
func NewCheckbox(description string, value bool) *Checkbox {
	c := &Checkbox{newControl("CheckboxModel", "CheckboxView", "CheckboxStyleModel",
		map[string]any{"background": nil, "description_width": ""},
		map[string]any{"description": description, "description_allow_html": false, "indent": true, "value": value})}
	c.describe = func() string { return c.describeAttrs("description", "value") }
	return c
}

// Value reports whether the box is ticked.
func (c *Checkbox) Value() bool { return c.Get("value").(bool) }

// SetValue ticks or clears the box.
func (c *Checkbox) SetValue(v bool) { _ = c.Set("value", v) }

// OnChange calls f with the new value after every change.
func (c *Checkbox) OnChange(f func(value bool)) {
	c.Observe("value", func() { callback("Checkbox.OnChange", func() { f(c.Value()) }) })
}

// Text is a one-line text box.
type Text struct {
	control
	submit []func()
}

// NewText returns a text box labelled description holding value.
func NewText(description, value string) *Text {
	t := &Text{control: newControl("TextModel", "TextView", "TextStyleModel",
		map[string]any{"background": nil, "description_width": "", "font_size": nil, "text_color": nil},
		map[string]any{"continuous_update": true, "description": description, "description_allow_html": false,
			"placeholder": "\u200b", "value": value})}
	t.custom = func(content map[string]any) {
		if content["event"] != "submit" {
			return
		}
		t.mu.Lock()
		fs := append([]func(){}, t.submit...)
		t.mu.Unlock()
		for _, f := range fs {
			f()
		}
	}
	t.describe = func() string { return t.describeAttrs("description", "value") }
	return t
}

// Value returns the text.
func (t *Text) Value() string { return t.Get("value").(string) }

// SetValue replaces the text.
func (t *Text) SetValue(v string) { _ = t.Set("value", v) }

// OnChange calls f with the text after every change (every key stroke).
func (t *Text) OnChange(f func(value string)) {
	t.Observe("value", func() { callback("Text.OnChange", func() { f(t.Value()) }) })
}

// OnSubmit calls f with the text when the user presses Enter in the box.
func (t *Text) OnSubmit(f func(value string)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.submit = append(t.submit, func() { callback("Text.OnSubmit", func() { f(t.Value()) }) })
}

// Button is a push button.
type Button struct {
	control
	clicks []func()
}

// NewButton returns a button labelled description.
func NewButton(description string) *Button {
	b := &Button{control: newControl("ButtonModel", "ButtonView", "ButtonStyleModel",
		map[string]any{"button_color": nil, "font_family": nil, "font_size": nil, "font_style": nil,
			"font_variant": nil, "font_weight": nil, "text_color": nil, "text_decoration": nil},
		map[string]any{"button_style": "", "description": description, "icon": ""})}
	b.custom = func(content map[string]any) {
		if content["event"] == "click" {
			b.Click()
		}
	}
	b.describe = func() string { return b.describeAttrs("description") }
	return b
}

// OnClick calls f after every click.
func (b *Button) OnClick(f func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.clicks = append(b.clicks, func() { callback("Button.OnClick", f) })
}

// Click runs the button's OnClick callbacks, as a click in the front end does.
func (b *Button) Click() {
	b.mu.Lock()
	fs := append([]func(){}, b.clicks...)
	b.mu.Unlock()
	for _, f := range fs {
		f()
	}
}

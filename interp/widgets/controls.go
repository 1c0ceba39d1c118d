package widgets

import (
	"fmt"
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

package widgets

import (
	"strings"
)

// Box lays out other widgets in a row (NewHBox) or a column (NewVBox).
type Box struct {
	*Model
	layout   *Model
	children []Widget
}

// NewHBox returns a box showing children side by side.
func NewHBox(children ...Widget) *Box { return newBox("HBoxModel", "HBoxView", children, []any{}) }

// NewVBox returns a box showing children one below the other.
func NewVBox(children ...Widget) *Box { return newBox("VBoxModel", "VBoxView", children, []any{}) }

// newBox makes a box with the given CSS classes (_dom_classes).
func newBox(model, view string, children []Widget, classes []any) *Box {
	layout := newLayout()
	s := header(controlsModule, modelVersion, model, controlsModule, view)
	for k, v := range map[string]any{
		"_dom_classes": classes, "box_style": "", "children": refs(children), "layout": ref(layout),
		"tabbable": nil, "tooltip": nil,
	} {
		s[k] = v
	}
	b := &Box{Model: newModel(s, layout), layout: layout, children: append([]Widget(nil), children...)}
	b.check = func(name string, v any) (any, error) {
		if name == "children" {
			return nil, errChildren
		}
		return v, nil
	}
	b.static = func() string { return staticChildren(b.Children()) }
	b.describe = func() string {
		names := make([]string, 0, len(b.children))
		for _, c := range b.Children() {
			names = append(names, describe(c))
		}
		return strings.TrimSuffix(model, "Model") + "(" + strings.Join(names, ", ") + ")"
	}
	return b
}

type boxError struct{}

func (boxError) Error() string { return "set a box's children with SetChildren" }

var errChildren error = boxError{}

// refs returns the "IPY_MODEL_" references to widgets.
func refs(ws []Widget) []any {
	l := make([]any, len(ws))
	for i, w := range ws {
		l[i] = "IPY_MODEL_" + w.ModelID()
	}
	return l
}

// Layout returns the box's layout model, whose attributes are CSS properties.
func (b *Box) Layout() *Model { return b.layout }

// Children returns the widgets the box shows.
func (b *Box) Children() []Widget {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Widget(nil), b.children...)
}

// SetChildren replaces the widgets the box shows.
func (b *Box) SetChildren(children ...Widget) {
	b.mu.Lock()
	b.children = append([]Widget(nil), children...)
	b.mu.Unlock()
	changed := b.apply(map[string]any{"children": refs(children)})
	if len(changed) > 0 {
		b.send(map[string]any{"method": "update", "state": changed, "buffer_paths": []any{}})
		b.notify(changed)
	}
}

// modelOf returns the model of one of this package's widgets, or nil.
func modelOf(w Widget) *Model {
	if b, ok := w.(interface{ base() *Model }); ok {
		return b.base()
	}
	return nil
}

func (m *Model) base() *Model { return m }

// describe is the text form of a widget.
func describe(w Widget) string {
	if s, ok := w.(interface{ String() string }); ok {
		return s.String()
	}
	return "Widget(" + w.ModelID() + ")"
}

package widgets

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/descentlab/descent/interp/display"
	"github.com/descentlab/descent/interp/internal/hub"
)

// Interactive is what Interact returns: a column of controls above an output area that
// shows what the function printed, displayed and returned in its last call.
type Interactive struct {
	*Box
	out      *Output
	f        reflect.Value
	controls []Widget
	err      error
}

// Interact shows controls above an output area and calls f with the controls' values,
// now and after every change of one of them; each call's output (what f prints and
// displays, then the values it returns) replaces the previous call's. f takes one
// parameter per control, in order, of the control's value type: an integer or float
// type for an IntSlider, a float type for a FloatSlider or FloatLogSlider, string for a
// Dropdown or Text, bool for a Checkbox; or no parameter at all, when it reads the
// controls itself. A returned error that is not nil is shown as an error. Interact
// panics when f is not such a function.
//
// The result shows itself as the last expression of a cell (or with display.Show).
func Interact(f any, controls ...Widget) *Interactive {
	fv := reflect.ValueOf(f)
	if err := checkInteract(fv, controls); err != nil {
		panic("widgets.Interact: " + err.Error())
	}
	out := NewOutput()
	children := append(append([]Widget(nil), controls...), out)
	box := newBox("VBoxModel", "VBoxView", children, []any{"widget-interact"}) // ipywidgets' interact class
	it := &Interactive{Box: box, out: out, f: fv, controls: append([]Widget(nil), controls...)}
	box.static = func() string { return staticChildren(it.controls) + out.html() }
	box.describe = func() string {
		parts := make([]string, len(it.controls))
		for i, c := range it.controls {
			parts[i] = describeValue(c)
		}
		return "Interact(" + strings.Join(parts, ", ") + ")" + textOutputs(out)
	}
	for _, c := range controls {
		m := modelOf(c)
		m.Observe(valueAttr(m), it.Run)
	}
	it.Run()
	return it
}

// Output returns the output area.
func (it *Interactive) Output() *Output { return it.out }

// Err returns the failure of the last call of the function (a panic, or the error it
// returned), or nil.
func (it *Interactive) Err() error { return it.err }

// Run calls the function again with the controls' current values, replacing what the
// output area shows.
func (it *Interactive) Run() {
	o := it.out
	o.omu.Lock()
	o.clearNext = true // the new call's first output replaces the old ones, without flicker
	o.omu.Unlock()
	var returned error
	err := hub.RunCallback(o.sink(), func() {
		args := make([]reflect.Value, it.f.Type().NumIn())
		for i := range args {
			args[i] = reflect.ValueOf(value(it.controls[i])).Convert(it.f.Type().In(i))
		}
		results := it.f.Call(args)
		for _, r := range results {
			if r.Type() == errorType && !r.IsNil() {
				returned = r.Interface().(error) // as in Go, the other results do not count then
				return
			}
		}
		for _, r := range results {
			if r.Type() != errorType && !isNil(r) {
				show(o, r.Interface())
			}
		}
	})
	if err == nil && returned != nil {
		err = returned
	}
	it.err = err
	if err != nil {
		o.appendError(err)
	}
	o.omu.Lock()
	o.takeClearLocked() // a call that showed nothing leaves nothing
	o.omu.Unlock()
	o.flush()
}

var errorType = reflect.TypeOf((*error)(nil)).Elem()

func isNil(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return v.IsNil()
	}
	return false
}

// show displays a returned value in the output area: through the session while a
// callback runs, so that it comes after what was printed; directly in a plain program.
func show(o *Output, v any) {
	if hub.Current() != nil {
		display.Show(v)
		return
	}
	o.sink().Display(display.MIME(v), nil, "", false)
}

// checkInteract checks that f takes the controls' values, or nothing.
func checkInteract(f reflect.Value, controls []Widget) error {
	if f.Kind() != reflect.Func {
		return fmt.Errorf("want a function as first argument, got %T", f)
	}
	t := f.Type()
	for i, c := range controls {
		if c == nil {
			return fmt.Errorf("control %d is nil", i+1)
		}
		if modelOf(c) == nil || valueAttr(modelOf(c)) == "" {
			return fmt.Errorf("control %d (%s) has no value to pass: use sliders, dropdowns, checkboxes or text boxes", i+1, describe(c))
		}
	}
	if t.IsVariadic() {
		return fmt.Errorf("the function must not be variadic")
	}
	if t.NumIn() == 0 {
		return nil
	}
	if t.NumIn() != len(controls) {
		return fmt.Errorf("the function takes %d parameters for %d controls: give it one per control, in order, or none", t.NumIn(), len(controls))
	}
	for i, c := range controls {
		v := reflect.ValueOf(value(c))
		p := t.In(i)
		if !fits(v.Kind(), p.Kind()) {
			return fmt.Errorf("parameter %d is a %s, but control %d (%s) gives a %s", i+1, p, i+1, describe(c), v.Type())
		}
	}
	return nil
}

// fits reports whether a control value of kind v can be passed as a parameter of kind
// p without losing anything: integers to any number, floats to floats.
func fits(v, p reflect.Kind) bool {
	isInt := func(k reflect.Kind) bool { return k >= reflect.Int && k <= reflect.Uint64 }
	isFloat := func(k reflect.Kind) bool { return k == reflect.Float32 || k == reflect.Float64 }
	switch {
	case isInt(v):
		return isInt(p) || isFloat(p)
	case isFloat(v):
		return isFloat(p)
	}
	return v == p
}

// valueAttr is the attribute that holds a control's value ("" for none).
func valueAttr(m *Model) string {
	switch m.name {
	case "IntSliderModel", "FloatSliderModel", "FloatLogSliderModel", "CheckboxModel", "TextModel":
		return "value"
	case "DropdownModel":
		return "index"
	}
	return ""
}

// value returns a control's value as the function receives it.
func value(w Widget) any {
	if d, ok := w.(*Dropdown); ok {
		return d.Value()
	}
	return modelOf(w).Get("value")
}

// describeValue is "description=value" for a control.
func describeValue(w Widget) string {
	m := modelOf(w)
	name, _ := m.Get("description").(string)
	if name == "" {
		name = strings.TrimSuffix(m.name, "Model")
	}
	return name + "=" + formatValue(value(w))
}

package optimizers

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/descentlab/descent/optimizers/internal/view"
)

// String shows the optimizer as torch prints a constructor call, with every
// hyper-parameter in torch's order, such as
// "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False, maximize=False)".
func (b *Base) String() string {
	if b == nil {
		return "<optimizer without a Base: build it with its New function>"
	}
	r, _ := b.Rule()
	return call(b.name, b.hyper, r)
}

// Describe returns o as an optimizer's String shows it, from its Name and Hyper alone
// (with the order of the rule registered for its name). It works for every Optimizer,
// including one written in a notebook, whose String compiled code cannot look up.
func Describe(o Optimizer) string {
	if o == nil {
		return "<nil optimizer>"
	}
	r, _ := RuleOf(o.Name())
	return call(o.Name(), o.Hyper(), r)
}

// call writes name(k=v, ...) with every hyper-parameter of h in r's order.
func call(name string, h *Hyper, r Rule) string {
	if h == nil || len(h.names) == 0 {
		return name
	}
	names := r.order(h)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + "=" + pyValue(h.vals[n])
	}
	return name + "(" + strings.Join(parts, ", ") + ")"
}

// pyValue writes a hyper-parameter value as Python would: True, (0.9, 0.999), 1e-08.
func pyValue(v hyperValue) string {
	switch v.kind {
	case Bool:
		if v.a != 0 {
			return "True"
		}
		return "False"
	case Int:
		return strconv.Itoa(int(v.a))
	case Pair:
		return "(" + pyFloat(v.a) + ", " + pyFloat(v.b) + ")"
	}
	return pyFloat(v.a)
}

// pyFloat is Python's repr of a float, except that whole numbers print without ".0"
// (torch's defaults such as weight_decay=0 are Python ints).
func pyFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case f == math.Trunc(f) && math.Abs(f) < 1e16:
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// MIMEBundle shows the optimizer in a notebook: its hyper-parameters with the symbols of
// its update rule, the rule typeset in LaTeX, and the state it has built up.
func (b *Base) MIMEBundle() map[string]any {
	text := b.String()
	if b == nil {
		return map[string]any{"text/plain": text}
	}
	r, hasRule := b.Rule()
	var body strings.Builder
	body.WriteString(`<code>` + view.Esc(text) + `</code>`)
	if b.hyper != nil && len(b.hyper.names) > 0 {
		var rows [][]string
		for _, n := range r.order(b.hyper) {
			sym := ""
			if s, ok := r.Symbols[n]; ok {
				sym = `\(` + view.Esc(s) + `\)`
			}
			rows = append(rows, []string{view.Esc(n), sym, `<code>` + view.Esc(pyValue(b.hyper.vals[n])) + `</code>`})
		}
		body.WriteString(view.Table([]string{"hyper-parameter", "symbol", "value"}, rows))
	}
	if hasRule && r.TeX != "" {
		body.WriteString(`<div style="margin:4px 0">$$` + view.Esc(r.TeX) + `$$</div>`)
	}
	if st := b.state; st != nil {
		line := fmt.Sprintf("%d steps taken", st.Steps)
		if st.Steps == 1 {
			line = "1 step taken"
		}
		if names := st.Names(); len(names) > 0 {
			line += "; state " + strings.Join(names, ", ") + fmt.Sprintf(" (%d values each)", len(st.Buffers[names[0]]))
		}
		body.WriteString(`<div style="color:#666">` + view.Esc(line) + `</div>`)
	}
	return map[string]any{"text/html": view.Box(b.name, body.String()), "text/plain": text}
}

// MIMEBundle shows the result in a notebook: how the run ended, the final point and
// objective, its counts, and the objective per iteration as a small chart.
func (r *Result) MIMEBundle() map[string]any {
	text := r.String()
	if r == nil {
		return map[string]any{"text/plain": text}
	}
	title := fmt.Sprintf("%s on %s: %v", r.Method, nameOr(r.Problem, "problem"), r.Status)
	rows := [][2]string{
		{"f", view.Esc(view.Num(r.F))},
		{"x", view.Esc(view.Nums(r.X))},
		{"max |grad|", view.Esc(view.Num(r.GradNorm))},
		{"iterations", view.Esc(fmt.Sprintf("%d (%d evaluations)", r.Iterations, r.FuncEvals))},
		{"time", view.Esc(view.Duration(r.Runtime))},
	}
	var body strings.Builder
	if r.Hint != "" {
		body.WriteString(`<div style="color:#c9302c">` + view.Esc(r.Hint) + `</div>`)
	}
	body.WriteString(view.KV(rows))
	if len(r.Fs) > 1 {
		body.WriteString(view.Chart{Series: []view.Series{{Name: "f", Y: r.Fs}}, LogY: allPositive(r.Fs), XLabel: "iteration"}.HTML())
	}
	return map[string]any{"text/html": view.Box(title, body.String()), "text/plain": text}
}

// allPositive reports whether every finite value of ys is positive, so a log axis suits.
func allPositive(ys []float64) bool {
	for _, y := range ys {
		if y <= 0 {
			return false
		}
	}
	return true
}

// Summary names o with lr and the hyper-parameters that differ from the defaults of the
// optimizer registered under its name (or, when there is none, that are not zero or
// false), in the order String uses, such as "SGD(lr=0.05, momentum=0.9)": a label short
// enough for a legend or a progress bar.
func Summary(o Optimizer) string {
	if o == nil {
		return "<nil optimizer>"
	}
	h := o.Hyper()
	if h == nil || len(h.names) == 0 {
		return o.Name()
	}
	defaults := defaultsOf(o.Name())
	r, _ := RuleOf(o.Name())
	var parts []string
	for _, n := range r.order(h) {
		v := h.vals[n]
		if n != "lr" {
			if d, ok := defaults[n]; ok && d == v {
				continue
			}
			if defaults == nil && v.a == 0 && (v.kind != Pair || v.b == 0) {
				continue
			}
		}
		parts = append(parts, n+"="+pyValue(v))
	}
	return o.Name() + "(" + strings.Join(parts, ", ") + ")"
}

// defaultsOf returns the hyper-parameters of a fresh optimizer registered as name, or nil
// when there is none (or its factory fails: a plugin's is user code).
func defaultsOf(name string) (d map[string]hyperValue) {
	defer func() {
		if recover() != nil {
			d = nil
		}
	}()
	o, err := New(name, nil)
	if err != nil || o == nil || o.Hyper() == nil {
		return nil
	}
	return o.Hyper().vals
}

package model

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers/internal/view"
)

// MIMEBundle shows the model in a notebook: one row per layer with its shape, activation,
// parameter count and the spread of its weights, which shows at a glance whether training
// moved them or blew them up.
func (m *Net) MIMEBundle() map[string]any {
	if m == nil || len(m.layers) == 0 {
		return map[string]any{"text/plain": "<empty model>"}
	}
	text := m.String()
	var rows [][]string
	for i, l := range m.layers {
		w := m.params[l.off : l.off+l.in*l.out]
		b := m.params[l.off+l.in*l.out : l.off+l.in*l.out+l.out]
		rows = append(rows, []string{fmt.Sprint(i), fmt.Sprint(l.in), fmt.Sprint(l.out), view.Esc(l.act.String()),
			fmt.Sprint(len(w) + len(b)), view.Esc(view.Num(rms(w))), view.Esc(view.Num(maxAbs(b)))})
	}
	body := view.Table([]string{"#layer", "#in", "#out", "activation", "#params", "#rms(w)", "#max|b|"}, rows)
	var notes []string
	if m.degree > 0 {
		notes = append(notes, fmt.Sprintf("input x expanded to x, x², …, x^%d", m.degree))
	}
	if m.classes > 0 {
		notes = append(notes, fmt.Sprintf("classifier of %d classes", m.classes))
	}
	for _, n := range notes {
		body += `<div style="color:#666">` + view.Esc(n) + `</div>`
	}
	return map[string]any{"text/html": view.Box("Model: "+text, body), "text/plain": text}
}

func rms(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x * x
	}
	return math.Sqrt(s / float64(len(xs)))
}

func maxAbs(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		if a := math.Abs(x); a > m || a != a {
			m = a
		}
	}
	return m
}

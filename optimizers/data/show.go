package data

import (
	"fmt"
	"strings"

	"github.com/descentlab/descent/optimizers/internal/view"
)

// previewRows is how many rows a data set's display lists.
const previewRows = 5

// MIMEBundle shows the data set in a notebook: its shape, its first rows under their
// column names, the count of each class, and for two features a scatter plot of the
// rows, coloured by class.
func (d *Dataset) MIMEBundle() map[string]any {
	if d == nil {
		return map[string]any{"text/plain": "<nil Dataset>"}
	}
	text := d.String()
	if err := d.Validate(); err != nil {
		return map[string]any{"text/plain": text + " (" + err.Error() + ")"}
	}
	header := make([]string, 0, d.Features+d.Targets+1)
	header = append(header, "#row")
	for j := 0; j < d.Features; j++ {
		name := fmt.Sprintf("x%d", j)
		if j < len(d.FeatureNames) && d.FeatureNames[j] != "" {
			name = d.FeatureNames[j]
		}
		header = append(header, "#"+name)
	}
	for k := 0; k < d.Targets; k++ {
		name := "y"
		switch {
		case d.TargetName != "" && d.Targets == 1:
			name = d.TargetName
		case d.Targets > 1:
			name = fmt.Sprintf("y%d", k)
		}
		header = append(header, "#"+name)
	}
	var rows [][]string
	for i := 0; i < min(d.N, previewRows); i++ {
		x, y := d.Row(i)
		row := []string{fmt.Sprint(i)}
		for _, v := range x {
			row = append(row, view.Esc(view.Num(v)))
		}
		for _, v := range y {
			row = append(row, view.Esc(view.Num(v)))
		}
		rows = append(rows, row)
	}
	if d.N > previewRows {
		rows = append(rows, []string{"…"})
	}
	var body strings.Builder
	body.WriteString(`<div style="display:flex;gap:16px;align-items:flex-start"><div>`)
	body.WriteString(view.Table(header, rows))
	var group []int
	if d.Classes > 0 && d.Targets == 1 {
		counts := make([]int, d.Classes)
		group = make([]int, d.N)
		for i, y := range d.Y {
			c := int(y)
			group[i] = c
			if c >= 0 && c < d.Classes {
				counts[c]++
			}
		}
		parts := make([]string, d.Classes)
		for c, n := range counts {
			parts[c] = fmt.Sprintf(`<span style="color:%s">class %d: %d</span>`, view.Palette[c%len(view.Palette)], c, n)
		}
		body.WriteString(`<div>` + strings.Join(parts, " · ") + `</div>`)
	}
	body.WriteString(`</div>`)
	if d.Features == 2 {
		xs, ys := make([]float64, d.N), make([]float64, d.N)
		for i := 0; i < d.N; i++ {
			xs[i], ys[i] = d.X[2*i], d.X[2*i+1]
		}
		body.WriteString(view.Scatter(xs, ys, group, 160, 2000))
	}
	body.WriteString(`</div>`)
	return map[string]any{"text/html": view.Box("Dataset: "+text, body.String()), "text/plain": text}
}

// Package view writes the compact HTML and text that library values show in a notebook:
// key-value and column tables, numbers and durations in short form, text bars and small
// inline charts.
//
// Everything here returns finished strings with user text escaped, so a value's
// MIMEBundle is a few calls. Fragments use inline styles only: notebook front ends
// sanitize untrusted HTML and drop style sheets and scripts, but keep these.
package view

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"time"
)

// Esc escapes s for HTML text and attribute values.
func Esc(s string) string { return html.EscapeString(s) }

// Num formats v in at most about 5 significant digits, the way a summary shows a loss:
// "0.01234", "1.235e+06", "NaN", "+Inf", and whole numbers without a fraction.
func Num(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case v == math.Trunc(v) && math.Abs(v) < 1e9:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 5, 64)
}

// Nums formats a vector with Num, eliding the middle of a long one.
func Nums(xs []float64) string {
	const head, tail = 6, 2
	var parts []string
	for i, x := range xs {
		if len(xs) > head+tail && i == head {
			parts = append(parts, fmt.Sprintf("… (%d values) …", len(xs)))
		}
		if len(xs) > head+tail && i >= head && i < len(xs)-tail {
			continue
		}
		parts = append(parts, Num(x))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// Duration formats d briefly: "850µs", "12ms", "1.35s", "2m05s", "1h02m".
func Duration(d time.Duration) string {
	switch {
	case d < 0:
		return "-" + Duration(-d)
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + "s"
	case d < time.Hour:
		d = d.Round(time.Second)
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	d = d.Round(time.Minute)
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

// PerSecond formats n per d as a short number: "812", "12.3k", "4.1M", "0.52".
func PerSecond(n int, d time.Duration) string {
	if d <= 0 {
		return "–"
	}
	r := float64(n) / d.Seconds()
	switch {
	case r >= 1e6:
		return strconv.FormatFloat(r/1e6, 'f', 1, 64) + "M"
	case r >= 1e4:
		return strconv.FormatFloat(r/1e3, 'f', 1, 64) + "k"
	case r >= 10:
		return strconv.FormatFloat(r, 'f', 0, 64)
	}
	return strconv.FormatFloat(r, 'f', 2, 64)
}

// Box wraps a fragment in the frame every value uses: a bold title line, then body.
func Box(title, body string) string {
	return `<div style="font-family:var(--jp-content-font-family,sans-serif);font-size:13px;line-height:1.4">` +
		`<div style="font-weight:600;margin-bottom:2px">` + Esc(title) + `</div>` + body + `</div>`
}

const cell = `padding:1px 8px;text-align:left;border:none`

// KV returns a two-column table of names and values; values are HTML already (escape
// them with Esc), names are escaped here.
func KV(rows [][2]string) string {
	var b strings.Builder
	b.WriteString(`<table style="border-collapse:collapse;margin:2px 0">`)
	for _, r := range rows {
		fmt.Fprintf(&b, `<tr><td style="%s;color:#666">%s</td><td style="%s;font-family:monospace">%s</td></tr>`, cell, Esc(r[0]), cell, r[1])
	}
	b.WriteString(`</table>`)
	return b.String()
}

// Table returns a table with a header row; header names are escaped, cells are HTML
// already. Columns whose header starts with '#' (the mark is dropped) are right-aligned
// numbers.
func Table(header []string, rows [][]string) string {
	var b strings.Builder
	num := make([]bool, len(header))
	b.WriteString(`<table style="border-collapse:collapse;margin:2px 0"><tr>`)
	for i, h := range header {
		align := "left"
		if strings.HasPrefix(h, "#") {
			num[i], h, align = true, h[1:], "right"
		}
		fmt.Fprintf(&b, `<th style="%s;text-align:%s;border-bottom:1px solid #999">%s</th>`, cell, align, Esc(h))
	}
	b.WriteString(`</tr>`)
	for _, r := range rows {
		b.WriteString(`<tr>`)
		for i, c := range r {
			style := cell
			if i < len(num) && num[i] {
				style += `;text-align:right;font-family:monospace`
			}
			fmt.Fprintf(&b, `<td style="%s">%s</td>`, style, c)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</table>`)
	return b.String()
}

// TextBar returns a bar of width characters filled to frac (0..1), such as
// "[########··········]".
func TextBar(frac float64, width int) string {
	if !(frac >= 0) {
		frac = 0
	}
	n := int(math.Round(math.Min(frac, 1) * float64(width)))
	return "[" + strings.Repeat("#", n) + strings.Repeat("·", width-n) + "]"
}

// HTMLBar returns a bar filled to frac (0..1), in colour col (a CSS colour), built from
// two divs so that it survives HTML sanitizers that drop <progress>.
func HTMLBar(frac float64, col string) string {
	if !(frac >= 0) {
		frac = 0
	}
	return fmt.Sprintf(`<div style="display:inline-block;vertical-align:middle;width:16em;height:0.9em;border:1px solid #999;border-radius:2px;background:#f3f3f3">`+
		`<div style="width:%.1f%%;height:100%%;background:%s"></div></div>`, 100*math.Min(frac, 1), col)
}

package view

import (
	"encoding/base64"
	"fmt"
	"math"
	"strings"
)

// Palette holds the colours of successive series, the same order as the plots package's.
var Palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"}

// Series is one line of a Chart; a nil X plots Y against its index.
type Series struct {
	Name string
	X, Y []float64
}

// Chart is a small line chart drawn as inline SVG: a thumbnail of curves with the y range
// and x range written at the corners, not a full plot with ticks (use package plots for
// that). Non-finite points, and non-positive ones on a log axis, break the line.
type Chart struct {
	Series        []Series
	LogY          bool
	XLabel        string
	Width, Height int // pixels; 0 means 320×110
}

// chart geometry: the plotting area inside the margins that hold the range labels.
const (
	marginL, marginR, marginT, marginB = 52, 6, 6, 16
	maxPoints                          = 600 // per series, after bucketing by pixel column
)

// SVG returns the chart as a standalone SVG document, or "" when no series has a point
// to draw.
func (c Chart) SVG() string {
	w, h := c.Width, c.Height
	if w <= 0 || h <= 0 {
		w, h = 320, 110
	}
	tf := func(y float64) float64 { return y }
	if c.LogY {
		tf = math.Log10
	}
	x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, s := range c.Series {
		for i, y := range s.Y {
			x, ty := xAt(s, i), tf(y)
			if ok(x) && ok(ty) {
				x0, x1, y0, y1 = math.Min(x0, x), math.Max(x1, x), math.Min(y0, ty), math.Max(y1, ty)
			}
		}
	}
	if !ok(x0) {
		return ""
	}
	if x1 == x0 {
		x0, x1 = x0-0.5, x1+0.5
	}
	if y1 == y0 {
		pad := math.Max(math.Abs(y0)*0.1, 0.5)
		y0, y1 = y0-pad, y1+pad
	}
	pw, ph := float64(w-marginL-marginR), float64(h-marginT-marginB)
	px := func(x float64) float64 { return marginL + (x-x0)/(x1-x0)*pw }
	py := func(y float64) float64 { return marginT + (y1-y)/(y1-y0)*ph }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="10">`, w, h, w, h)
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%g" height="%g" fill="none" stroke="#bbb"/>`, marginL, marginT, pw, ph)
	label := func(v float64) string {
		if c.LogY {
			return Num(math.Pow(10, v))
		}
		return Num(v)
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" dominant-baseline="hanging">%s</text>`, marginL-3, marginT, Esc(label(y1)))
	fmt.Fprintf(&b, `<text x="%d" y="%g" text-anchor="end">%s</text>`, marginL-3, marginT+ph, Esc(label(y0)))
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="start">%s</text>`, marginL, h-3, Esc(Num(x0)))
	fmt.Fprintf(&b, `<text x="%g" y="%d" text-anchor="end">%s</text>`, marginL+pw, h-3, Esc(Num(x1)))
	if c.XLabel != "" {
		fmt.Fprintf(&b, `<text x="%g" y="%d" text-anchor="middle" fill="#666">%s</text>`, marginL+pw/2, h-3, Esc(c.XLabel))
	}
	for si, s := range c.Series {
		col := Palette[si%len(Palette)]
		for _, run := range runs(s, tf, int(pw)) {
			if len(run) == 1 {
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="1.5" fill="%s"/>`, px(run[0][0]), py(run[0][1]), col)
				continue
			}
			b.WriteString(`<polyline fill="none" stroke-width="1.5" stroke="` + col + `" points="`)
			for i, p := range run {
				if i > 0 {
					b.WriteByte(' ')
				}
				fmt.Fprintf(&b, "%.1f,%.1f", px(p[0]), py(p[1]))
			}
			b.WriteString(`"/>`)
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// HTML returns the chart as an <img> of its SVG (which sanitizers keep, unlike inline SVG)
// with a legend line naming the series in their colours, or "" when there is nothing to
// draw.
func (c Chart) HTML() string {
	svg := c.SVG()
	if svg == "" {
		return ""
	}
	var legend []string
	for i, s := range c.Series {
		if s.Name != "" {
			legend = append(legend, fmt.Sprintf(`<span style="color:%s">━ %s</span>`, Palette[i%len(Palette)], Esc(s.Name)))
		}
	}
	img := `<img alt="chart" src="data:image/svg+xml;base64,` + base64.StdEncoding.EncodeToString([]byte(svg)) + `"/>`
	if len(legend) <= 1 {
		return `<div>` + img + `</div>`
	}
	return `<div>` + img + `<div style="font-size:11px">` + strings.Join(legend, " &nbsp; ") + `</div></div>`
}

func ok(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func xAt(s Series, i int) float64 {
	if s.X != nil && i < len(s.X) {
		return s.X[i]
	}
	return float64(i)
}

// runs splits a series into drawable stretches of (x, transformed y) points, broken at
// points that cannot be drawn, keeping at most about maxPoints per stretch: the first,
// lowest, highest and last point of each bucket of x, so spikes survive thinning.
func runs(s Series, tf func(float64) float64, cols int) [][][2]float64 {
	var out [][][2]float64
	var cur [][2]float64
	for i, y := range s.Y {
		x, ty := xAt(s, i), tf(y)
		if !ok(x) || !ok(ty) {
			if len(cur) > 0 {
				out = append(out, thin(cur, cols))
				cur = nil
			}
			continue
		}
		cur = append(cur, [2]float64{x, ty})
	}
	if len(cur) > 0 {
		out = append(out, thin(cur, cols))
	}
	return out
}

func thin(pts [][2]float64, cols int) [][2]float64 {
	buckets := min(max(cols, 1), maxPoints/4)
	if len(pts) <= 4*buckets {
		return pts
	}
	out := make([][2]float64, 0, 4*buckets)
	per := float64(len(pts)) / float64(buckets)
	for k := 0; k < buckets; k++ {
		lo, hi := int(float64(k)*per), int(float64(k+1)*per)
		if hi <= lo {
			continue
		}
		iMin, iMax := lo, lo
		for i := lo; i < hi; i++ {
			if pts[i][1] < pts[iMin][1] {
				iMin = i
			}
			if pts[i][1] > pts[iMax][1] {
				iMax = i
			}
		}
		for _, i := range orderedUnique(lo, iMin, iMax, hi-1) {
			out = append(out, pts[i])
		}
	}
	return out
}

// orderedUnique returns the distinct indices among a, b, c, d in increasing order.
func orderedUnique(a, b, c, d int) []int {
	idx := []int{a, b, c, d}
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && idx[j] < idx[j-1]; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	out := idx[:1]
	for _, v := range idx[1:] {
		if v != out[len(out)-1] {
			out = append(out, v)
		}
	}
	return out
}

// Scatter returns an <img> of a small SVG scatter plot of points (xs[i], ys[i]) coloured
// by group[i] (an index into Palette; nil for one colour), at most max points evenly
// sampled, or "" when there are none.
func Scatter(xs, ys []float64, group []int, size, limit int) string {
	n := min(len(xs), len(ys))
	if n == 0 {
		return ""
	}
	x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := 0; i < n; i++ {
		if ok(xs[i]) && ok(ys[i]) {
			x0, x1, y0, y1 = math.Min(x0, xs[i]), math.Max(x1, xs[i]), math.Min(y0, ys[i]), math.Max(y1, ys[i])
		}
	}
	if !ok(x0) {
		return ""
	}
	if x1 == x0 {
		x0, x1 = x0-1, x1+1
	}
	if y1 == y0 {
		y0, y1 = y0-1, y1+1
	}
	const pad = 4
	s := float64(size - 2*pad)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">`, size, size, size, size)
	fmt.Fprintf(&b, `<rect x="0.5" y="0.5" width="%d" height="%d" fill="none" stroke="#bbb"/>`, size-1, size-1)
	step := max(1, (n+limit-1)/limit)
	for i := 0; i < n; i += step {
		if !ok(xs[i]) || !ok(ys[i]) {
			continue
		}
		col := Palette[0]
		if group != nil {
			col = Palette[((group[i]%len(Palette))+len(Palette))%len(Palette)]
		}
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="1.6" fill="%s" fill-opacity="0.7"/>`,
			pad+(xs[i]-x0)/(x1-x0)*s, pad+(y1-ys[i])/(y1-y0)*s, col)
	}
	b.WriteString(`</svg>`)
	return `<img alt="scatter" src="data:image/svg+xml;base64,` + base64.StdEncoding.EncodeToString([]byte(b.String())) + `"/>`
}

package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// grid samples f on a regular n×n grid for gonum's contour plotter.
type grid struct {
	xs, ys []float64
	z      [][]float64 // z[r][c]
}

func (g *grid) Dims() (c, r int)   { return len(g.xs), len(g.ys) }
func (g *grid) Z(c, r int) float64 { return g.z[r][c] }
func (g *grid) X(c int) float64    { return g.xs[c] }
func (g *grid) Y(r int) float64    { return g.ys[r] }

// Contour returns a figure with the level sets of f over [xmin,xmax]×[ymin,ymax], the map on
// which Path draws optimizer trajectories. Levels are placed at quantiles of the sampled
// values, so both a bowl and a banana-shaped valley (Rosenbrock) show their structure.
func Contour(title string, f func(x, y float64) float64, xmin, xmax, ymin, ymax float64) *Figure {
	fig := New(title, "x", "y")
	if !(xmin < xmax) || !(ymin < ymax) {
		return fig.fail(fmt.Errorf("plots: contour range [%v,%v]×[%v,%v] is empty", xmin, xmax, ymin, ymax))
	}
	const n = 80
	g := &grid{xs: make([]float64, n), ys: make([]float64, n), z: make([][]float64, n)}
	for i := 0; i < n; i++ {
		g.xs[i] = xmin + (xmax-xmin)*float64(i)/(n-1)
		g.ys[i] = ymin + (ymax-ymin)*float64(i)/(n-1)
	}
	var vals []float64
	for r := 0; r < n; r++ {
		g.z[r] = make([]float64, n)
		for c := 0; c < n; c++ {
			v := f(g.xs[c], g.ys[r])
			g.z[r][c] = v
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				vals = append(vals, v)
			}
		}
	}
	if len(vals) == 0 {
		return fig.fail(fmt.Errorf("plots: contour of %q: the function is not finite anywhere in the range", title))
	}
	sort.Float64s(vals)
	levels := quantileLevels(vals, 14)
	c := plotter.NewContour(g, levels, palette.Heat(len(levels), 1))
	c.LineStyles = []draw.LineStyle{{Color: color.Gray{Y: 120}, Width: vg.Points(0.6)}}
	c.Palette = palette.Heat(len(levels), 0.9)
	fig.Plot.Add(c)
	fig.Plot.X.Min, fig.Plot.X.Max = xmin, xmax
	fig.Plot.Y.Min, fig.Plot.Y.Max = ymin, ymax
	return fig
}

// quantileLevels picks k distinct contour levels, denser where f has most of its area near
// the minimum, using quantiles of the squared rank so the valley floor gets more lines.
func quantileLevels(sorted []float64, k int) []float64 {
	var levels []float64
	for i := 1; i <= k; i++ {
		q := math.Pow(float64(i)/float64(k+1), 2)
		v := sorted[int(q*float64(len(sorted)-1))]
		if len(levels) == 0 || v > levels[len(levels)-1] {
			levels = append(levels, v)
		}
	}
	return levels
}

// Path draws an optimizer's trajectory: points[k] is the position after k steps (only the
// first two coordinates are drawn). The start is marked with a circle and the end with a
// cross, so direction is visible without arrows.
func (f *Figure) Path(name string, points [][]float64) *Figure {
	if len(points) == 0 {
		return f.fail(fmt.Errorf("plots: path %q is empty", name))
	}
	xs, ys := make([]float64, len(points)), make([]float64, len(points))
	for i, p := range points {
		if len(p) < 2 {
			return f.fail(fmt.Errorf("plots: path %q: point %d has %d coordinates, need 2", name, i, len(p)))
		}
		xs[i], ys[i] = p[0], p[1]
	}
	pts, err := xy(name, xs, ys)
	if err != nil {
		return f.fail(err)
	}
	l, s, err := plotter.NewLinePoints(pts)
	if err != nil {
		return f.fail(fmt.Errorf("plots: path %q: %w", name, err))
	}
	col := plotutil.Color(f.series)
	l.Color, l.Width = col, vg.Points(1.5)
	s.Color, s.Radius, s.Shape = col, vg.Points(1.5), draw.CircleGlyph{}
	ends, _ := plotter.NewScatter(plotter.XYs{pts[0], pts[len(pts)-1]})
	ends.GlyphStyleFunc = func(i int) draw.GlyphStyle {
		if i == 0 {
			return draw.GlyphStyle{Color: col, Radius: vg.Points(4), Shape: draw.RingGlyph{}}
		}
		return draw.GlyphStyle{Color: col, Radius: vg.Points(5), Shape: draw.CrossGlyph{}}
	}
	f.series++
	f.Plot.Add(l, s, ends)
	f.addLegend(name, l, s)
	return f
}

// Mark draws a labelled marker, such as a known minimum.
func (f *Figure) Mark(label string, x, y float64) *Figure {
	s, err := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
	if err != nil {
		return f.fail(err)
	}
	s.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(5), Shape: draw.PyramidGlyph{}}
	f.Plot.Add(s)
	f.addLegend(label, s)
	return f
}

package plots

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/text"
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

// sample evaluates f on an n×n grid over the box, and returns the grid and its finite
// values sorted.
func sample(f func(x, y float64) float64, n int, xmin, xmax, ymin, ymax float64) (*grid, []float64) {
	g := &grid{xs: make([]float64, n), ys: make([]float64, n), z: make([][]float64, n)}
	for i := 0; i < n; i++ {
		g.xs[i] = xmin + (xmax-xmin)*float64(i)/float64(n-1)
		g.ys[i] = ymin + (ymax-ymin)*float64(i)/float64(n-1)
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
	sort.Float64s(vals)
	return g, vals
}

// contourMap is the map of a Contour figure: level lines and, once Filled, coloured bands
// between the levels under them.
type contourMap struct {
	f                      func(x, y float64) float64
	xmin, xmax, ymin, ymax float64
	levels                 []float64
	lines                  *plotter.Contour
	filled                 bool
	bands                  *image.RGBA // the filled map, row 0 at ymax
}

// fillSamples is the resolution of the filled map, in samples per side.
const fillSamples = 200

// Contour returns a figure with the level sets of f over [xmin,xmax]×[ymin,ymax], the map on
// which Path draws optimizer trajectories. Levels are placed at quantiles of the sampled
// values, so both a bowl and a banana-shaped valley (Rosenbrock) show their structure.
// Filled colours the bands between levels and adds a colour bar.
func Contour(title string, f func(x, y float64) float64, xmin, xmax, ymin, ymax float64) *Figure {
	fig := New(title, "x", "y")
	if !(xmin < xmax) || !(ymin < ymax) {
		return fig.fail(fmt.Errorf("plots: contour range [%v,%v]×[%v,%v] is empty", xmin, xmax, ymin, ymax))
	}
	g, vals := sample(f, 80, xmin, xmax, ymin, ymax)
	if len(vals) == 0 {
		return fig.fail(fmt.Errorf("plots: contour of %q: the function is not finite anywhere in the range", title))
	}
	levels := quantileLevels(vals, 14)
	c := plotter.NewContour(g, levels, palette.Heat(len(levels), 1))
	c.LineStyles = []draw.LineStyle{{Color: color.Gray{Y: 120}, Width: vg.Points(0.6)}}
	c.Palette = palette.Heat(len(levels), 0.9)
	fig.contour = &contourMap{f: f, xmin: xmin, xmax: xmax, ymin: ymin, ymax: ymax, levels: levels, lines: c}
	fig.Plot.Add(fig.contour)
	fig.Plot.X.Min, fig.Plot.X.Max = xmin, xmax
	fig.Plot.Y.Min, fig.Plot.Y.Max = ymin, ymax
	return fig
}

// Filled colours the bands between the contour levels of a Contour figure, from dark
// (lowest) to light, with thin dark level lines on top and a colour bar at the right that
// maps colours to values. On any other figure it is an error.
func (f *Figure) Filled() *Figure {
	if f.contour == nil {
		if f.err != nil {
			return f
		}
		return f.fail(fmt.Errorf("plots: Filled applies to a Contour figure; %q is not one", f.Plot.Title.Text))
	}
	m := f.contour
	if m.filled {
		return f
	}
	m.filled = true
	n := fillSamples
	m.bands = image.NewRGBA(image.Rect(0, 0, n, n))
	for r := 0; r < n; r++ {
		y := m.ymax - (m.ymax-m.ymin)*(float64(r)+0.5)/float64(n)
		for c := 0; c < n; c++ {
			x := m.xmin + (m.xmax-m.xmin)*(float64(c)+0.5)/float64(n)
			m.bands.SetRGBA(c, r, bandColor(m.band(m.f(x, y)), len(m.levels)+1))
		}
	}
	m.lines.Palette = nil
	m.lines.LineStyles = []draw.LineStyle{{Color: color.RGBA{A: 90}, Width: vg.Points(0.5)}}
	return f
}

// band returns the index of the band holding v: 0 below the first level, len(levels)
// above the last (and for values that are not finite).
func (m *contourMap) band(v float64) int {
	if math.IsNaN(v) {
		return len(m.levels)
	}
	return sort.SearchFloat64s(m.levels, v)
}

// Plot draws the bands (when filled) and the level lines.
func (m *contourMap) Plot(c draw.Canvas, plt *plot.Plot) {
	if m.filled {
		trX, trY := plt.Transforms(&c)
		rect := vg.Rectangle{
			Min: vg.Point{X: trX(m.xmin), Y: trY(m.ymin)},
			Max: vg.Point{X: trX(m.xmax), Y: trY(m.ymax)},
		}
		c.DrawImage(rect, stretch(m.bands, float64(rect.Size().X/rect.Size().Y)))
	}
	m.lines.Plot(c, plt)
}

// stretch resamples img (nearest neighbour) to the aspect ratio (width/height) of the
// rectangle it is drawn in, never shrinking a side. SVG viewers keep an embedded image's
// own aspect ratio, so a square map drawn in a wide plot would otherwise fill only its
// middle.
func stretch(img *image.RGBA, aspect float64) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if !(aspect > 0) || math.IsInf(aspect, 0) || w == 0 || h == 0 {
		return img
	}
	if aspect >= float64(w)/float64(h) {
		w = int(math.Round(float64(h) * aspect))
	} else {
		h = int(math.Round(float64(w) / aspect))
	}
	if w == b.Dx() && h == b.Dy() {
		return img
	}
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		sy := b.Min.Y + y*b.Dy()/h
		for x := 0; x < w; x++ {
			out.SetRGBA(x, y, img.RGBAAt(b.Min.X+x*b.Dx()/w, sy))
		}
	}
	return out
}

// DataRange is the sampled box.
func (m *contourMap) DataRange() (xmin, xmax, ymin, ymax float64) {
	return m.xmin, m.xmax, m.ymin, m.ymax
}

// drawBar draws the colour bar: one box per band, bottom (lowest values) to top, with the
// level values at the boundaries.
func (m *contourMap) drawBar(c draw.Canvas, sty text.Style) {
	top := c.Max.Y - vg.Points(28) // level with the plot's title margin
	bottom := c.Min.Y + vg.Points(34)
	x0 := c.Min.X + vg.Points(6)
	w := vg.Points(12)
	k := len(m.levels) + 1
	h := (top - bottom) / vg.Length(k)
	for i := 0; i < k; i++ {
		y := bottom + vg.Length(i)*h
		c.SetColor(bandColor(i, k))
		c.Fill(rectPath(x0, y, w, h))
	}
	c.SetColor(color.Gray{Y: 90})
	c.SetLineWidth(vg.Points(0.5))
	c.Stroke(rectPath(x0, bottom, w, top-bottom))
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	sty.Font.Size = vg.Points(8)
	every := 1 + len(m.levels)/10 // keep labels apart on short bars
	for i, lv := range m.levels {
		if i%every != 0 {
			continue
		}
		c.FillText(sty, vg.Point{X: x0 + w + vg.Points(3), Y: bottom + vg.Length(i+1)*h}, strconv.FormatFloat(lv, 'g', 3, 64))
	}
}

func rectPath(x, y, w, h vg.Length) vg.Path {
	var p vg.Path
	p.Move(vg.Point{X: x, Y: y})
	p.Line(vg.Point{X: x + w, Y: y})
	p.Line(vg.Point{X: x + w, Y: y + h})
	p.Line(vg.Point{X: x, Y: y + h})
	p.Close()
	return p
}

// viridis anchors a perceptually uniform dark-to-light colour map (matplotlib's viridis,
// sampled at nine points); bands interpolate between them.
var viridis = [...][3]float64{
	{68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
	{39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37},
}

// bandColor returns the colour of band i of k.
func bandColor(i, k int) color.RGBA {
	t := 0.0
	if k > 1 {
		t = float64(i) / float64(k-1)
	}
	pos := t * float64(len(viridis)-1)
	j := min(int(pos), len(viridis)-2)
	u := pos - float64(j)
	var rgb [3]uint8
	for ch := 0; ch < 3; ch++ {
		rgb[ch] = uint8(math.Round(viridis[j][ch]*(1-u) + viridis[j+1][ch]*u))
	}
	return color.RGBA{R: rgb[0], G: rgb[1], B: rgb[2], A: 255}
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

// maxMarkedPoints is the longest path whose every point gets a marker; longer paths draw
// only the line, whose markers would merge into a smear (and bloat the SVG).
const maxMarkedPoints = 200

// Path draws an optimizer's trajectory: points[k] is the position after k steps (only the
// first two coordinates are drawn). The start is marked with a circle and the end with a
// cross, so direction is visible without arrows; paths of up to 200 points also mark
// every step.
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
	col := plotutil.Color(f.series)
	l, err := plotter.NewLine(pts)
	if err != nil {
		return f.fail(fmt.Errorf("plots: path %q: %w", name, err))
	}
	l.Color, l.Width = col, vg.Points(1.5)
	thumbs := []plot.Thumbnailer{l}
	f.Plot.Add(l)
	if len(pts) <= maxMarkedPoints {
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return f.fail(fmt.Errorf("plots: path %q: %w", name, err))
		}
		s.Color, s.Radius, s.Shape = col, vg.Points(1.5), draw.CircleGlyph{}
		f.Plot.Add(s)
		thumbs = append(thumbs, s)
	}
	ends, _ := plotter.NewScatter(plotter.XYs{pts[0], pts[len(pts)-1]})
	ends.GlyphStyleFunc = func(i int) draw.GlyphStyle {
		if i == 0 {
			return draw.GlyphStyle{Color: col, Radius: vg.Points(4), Shape: draw.RingGlyph{}}
		}
		return draw.GlyphStyle{Color: col, Radius: vg.Points(5), Shape: draw.CrossGlyph{}}
	}
	f.series++
	f.Plot.Add(ends)
	f.addLegend(name, thumbs...)
	f.keepFrame()
	return f
}

// keepFrame puts the axes of a contour figure back on the map: gonum widens them to every
// plotted point, and one diverged path would shrink the map to a speck.
func (f *Figure) keepFrame() {
	if m := f.contour; m != nil {
		f.Plot.X.Min, f.Plot.X.Max = m.xmin, m.xmax
		f.Plot.Y.Min, f.Plot.Y.Max = m.ymin, m.ymax
	}
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
	f.keepFrame()
	return f
}

// Package plots draws the pictures an optimization notebook needs — loss curves, learning
// rate schedules, optimizer paths over a contour map — in process with gonum/plot.
//
// A *Figure renders itself: the kernel shows any value with a MIMEBundle method as rich
// output, so a cell ending in a figure shows the picture, as vector SVG that stays sharp
// on any screen. PNG renders at twice the nominal resolution (192 dpi) for HiDPI
// screens. Outside a notebook, Save writes a PNG, SVG or PDF file.
//
// The legend sits below the plot in as many columns as fit, and the figure grows to hold
// it, so a long label never narrows the plot; a filled contour map has its colour bar at
// the right, also outside the plot's Width.
package plots

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Default size of a figure, chosen to sit comfortably in a notebook column.
const (
	DefaultWidth  = 16 * vg.Centimeter
	DefaultHeight = 10 * vg.Centimeter
)

// Figure is one plot under construction. Its methods return the figure so calls chain;
// the first error (such as a series with NaN values) is kept and reported by Err, PNG,
// SVG, Save and in the notebook's text output, so a cell never shows half a plot silently.
type Figure struct {
	// Plot is the underlying gonum plot, for anything this package does not wrap.
	Plot *plot.Plot
	// Width and Height are the rendered size.
	Width, Height vg.Length

	series int
	err    error
	// legend entries are drawn below the plot rather than over it, so they never hide a
	// curve or take the plot's width.
	legend []legendEntry
	// contour is the map of a Contour figure, for Filled and the colour bar.
	contour *contourMap
}

type legendEntry struct {
	name   string
	thumbs []plot.Thumbnailer
}

// New returns an empty figure with a title and axis labels.
func New(title, xLabel, yLabel string) *Figure {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.X.Tick.Marker = cleanTicks{}
	p.Y.Tick.Marker = cleanTicks{}
	p.Add(plotter.NewGrid())
	return &Figure{Plot: p, Width: DefaultWidth, Height: DefaultHeight}
}

// addLegend names a series in the legend; an empty name leaves it out.
func (f *Figure) addLegend(name string, thumbs ...plot.Thumbnailer) {
	if name != "" {
		f.legend = append(f.legend, legendEntry{name, thumbs})
	}
}

// Err returns the first error met while building the figure.
func (f *Figure) Err() error { return f.err }

// Fail records err as the figure's error unless it has one already, so that the figure
// shows the error as text instead of a picture: for code that builds figures and finds
// it cannot draw one.
func (f *Figure) Fail(err error) *Figure { return f.fail(err) }

func (f *Figure) fail(err error) *Figure {
	if f.err == nil && err != nil {
		f.err = err
	}
	return f
}

// xy pairs x and y, checking lengths and finiteness so a diverged run gives an error that
// says which series and which point, rather than a blank plot.
func xy(name string, x, y []float64) (plotter.XYs, error) {
	if len(x) != len(y) {
		return nil, fmt.Errorf("plots: series %q: %d x values but %d y values", name, len(x), len(y))
	}
	if len(x) == 0 {
		return nil, fmt.Errorf("plots: series %q is empty", name)
	}
	pts := make(plotter.XYs, len(x))
	for i := range x {
		if math.IsNaN(x[i]) || math.IsInf(x[i], 0) || math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			return nil, fmt.Errorf("plots: series %q: point %d is (%v, %v), not finite (did the run diverge?)", name, i, x[i], y[i])
		}
		pts[i].X, pts[i].Y = x[i], y[i]
	}
	return pts, nil
}

// Index returns 0, 1, ..., n-1: the x values of a per-step series.
func Index(n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(i)
	}
	return xs
}

// Line adds a line series. A nil x plots y against its index.
func (f *Figure) Line(name string, x, y []float64) *Figure {
	if x == nil {
		x = Index(len(y))
	}
	pts, err := xy(name, x, y)
	if err != nil {
		return f.fail(err)
	}
	l, err := plotter.NewLine(thin(pts))
	if err != nil {
		return f.fail(fmt.Errorf("plots: series %q: %w", name, err))
	}
	l.Color = plotutil.Color(f.series)
	l.Width = vg.Points(1.5)
	l.Dashes = plotutil.Dashes(f.series / len(plotutil.DefaultColors))
	f.series++
	f.Plot.Add(l)
	f.addLegend(name, l)
	return f
}

// Points adds a scatter series.
func (f *Figure) Points(name string, x, y []float64) *Figure {
	pts, err := xy(name, x, y)
	if err != nil {
		return f.fail(err)
	}
	s, err := plotter.NewScatter(pts)
	if err != nil {
		return f.fail(fmt.Errorf("plots: series %q: %w", name, err))
	}
	s.Color = plotutil.Color(f.series)
	s.Shape = plotutil.Shape(f.series)
	f.series++
	f.Plot.Add(s)
	f.addLegend(name, s)
	return f
}

// LogY puts the y axis on a log scale, the natural view of a loss that falls by orders of
// magnitude. Every y value plotted must then be positive.
func (f *Figure) LogY() *Figure {
	f.Plot.Y.Scale = plot.LogScale{}
	f.Plot.Y.Tick.Marker = logTicks{}
	return f
}

// LogX puts the x axis on a log scale, for quantities swept over orders of magnitude
// such as learning rates. Every x value plotted must then be positive.
func (f *Figure) LogX() *Figure {
	f.Plot.X.Scale = plot.LogScale{}
	f.Plot.X.Tick.Marker = logTicks{}
	return f
}

// Size sets the rendered size in centimetres.
func (f *Figure) Size(widthCM, heightCM float64) *Figure {
	f.Width, f.Height = vg.Length(widthCM)*vg.Centimeter, vg.Length(heightCM)*vg.Centimeter
	return f
}

func (f *Figure) render(format string) (data []byte, err error) {
	if f.err != nil {
		return nil, f.err
	}
	// gonum/plot panics on some degenerate inputs (a log axis over non-positive values);
	// a notebook user should get that as an error, not a dead cell.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plots: cannot draw %q: %v", f.Plot.Title.Text, r)
		}
	}()
	lay := f.layout()
	var c vg.CanvasWriterTo
	switch format {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(lay.width, lay.height), vgimg.UseDPI(RasterDPI))}
	case "jpg", "jpeg":
		c = vgimg.JpegCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(lay.width, lay.height), vgimg.UseDPI(RasterDPI))}
	default:
		c, err = draw.NewFormattedCanvas(lay.width, lay.height, format)
		if err != nil {
			return nil, fmt.Errorf("plots: %w", err)
		}
	}
	dc := draw.New(c)
	// One background under the plot, the colour bar and the legend, so none of them is
	// transparent on a dark notebook theme.
	dc.SetColor(f.Plot.BackgroundColor)
	dc.Fill(dc.Rectangle.Path())
	f.Plot.Draw(lay.plotArea(dc))
	if lay.bar > 0 {
		f.contour.drawBar(lay.barArea(dc), f.Plot.Legend.TextStyle)
	}
	f.drawLegend(dc, lay)
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	return buf.Bytes(), nil
}

// RasterDPI is the resolution of PNG and JPEG output: twice the 96 dpi that screens
// nominally have, so an image shown at its nominal size is sharp on HiDPI screens.
const RasterDPI = 192

// PNG renders the figure as a PNG image at RasterDPI: a 16 cm figure is 1210 pixels wide.
func (f *Figure) PNG() ([]byte, error) { return f.render("png") }

// SVG renders the figure as SVG text.
func (f *Figure) SVG() ([]byte, error) { return f.render("svg") }

// Save writes the figure to path in the format its extension names (.png, .svg, .pdf, .jpg).
func (f *Figure) Save(path string) error {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if ext == "" {
		return errors.New("plots: Save needs a file name ending in .png, .svg, .pdf or .jpg")
	}
	b, err := f.render(ext)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// String describes the figure in one line: the text form of the rich output.
func (f *Figure) String() string {
	if f.err != nil {
		return fmt.Sprintf("Figure %q (not drawn: %v)", f.Plot.Title.Text, f.err)
	}
	return fmt.Sprintf("Figure %q (%d series)", f.Plot.Title.Text, f.series)
}

// MIMEBundle renders the figure for a notebook: vector SVG with a one-line text fallback,
// or the error as text when it cannot be drawn.
func (f *Figure) MIMEBundle() map[string]any {
	svg, err := f.SVG()
	if err != nil {
		return map[string]any{"text/plain": f.String() + ": " + err.Error()}
	}
	return map[string]any{
		"image/svg+xml": string(svg),
		"text/plain":    f.String(),
	}
}

// HTML returns the figure as an HTML <img> of its SVG, for embedding in a larger HTML
// display, or the error as escaped text.
func (f *Figure) HTML() string {
	svg, err := f.SVG()
	if err != nil {
		return `<pre>` + html.EscapeString(f.String()+": "+err.Error()) + `</pre>`
	}
	return `<img alt="` + html.EscapeString(f.Plot.Title.Text) + `" src="data:image/svg+xml;base64,` + base64.StdEncoding.EncodeToString(svg) + `"/>`
}

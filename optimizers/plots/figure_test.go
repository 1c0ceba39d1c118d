package plots

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

func rosen(x, y float64) float64 { return (1-x)*(1-x) + 100*(y-x*x)*(y-x*x) }

// pixels returns the size in pixels that a length in points has at RasterDPI.
func pixels(l vg.Length) int { return int(math.Round(float64(l/vg.Inch) * RasterDPI)) }

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return img
}

// TestFigureRendersPNG: PNG output is twice the nominal resolution, so a 16 cm figure is
// 1209 pixels wide, and its legend is added below the plot's 10 cm.
func TestFigureRendersPNG(t *testing.T) {
	path := [][]float64{{-1.2, 1}, {-1, 0.9}, {-0.5, 0.3}, {0.2, 0.05}, {0.8, 0.6}, {1, 1}}
	f := Contour("Rosenbrock", rosen, -2, 2, -1, 3).Path("gd", path).Mark("minimum", 1, 1)
	b, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	if w, want := img.Bounds().Dx(), pixels(DefaultWidth); w != want || want != 1209 {
		t.Errorf("image is %d px wide, want %d (16 cm at %d dpi)", w, want, RasterDPI)
	}
	if h := img.Bounds().Dy(); h <= pixels(DefaultHeight) || h > pixels(DefaultHeight+2*vg.Centimeter) {
		t.Errorf("image is %d px high, want the plot's %d plus a legend of two rows", h, pixels(DefaultHeight))
	}
	if dir := os.Getenv("PLOTS_OUT"); dir != "" { // for looking at it: PLOTS_OUT=/tmp go test
		os.WriteFile(filepath.Join(dir, "contour.png"), b, 0o644)
	}
}

// svgDoc is the root of an SVG document, enough to check its size.
type svgDoc struct {
	XMLName xml.Name `xml:"svg"`
	Width   string   `xml:"width,attr"`
	Height  string   `xml:"height,attr"`
	Texts   []string `xml:"g>text"`
}

// TestMIMEBundleIsSVG: a notebook gets vector SVG, a well-formed document of the figure's
// size that holds the title and legend names.
func TestMIMEBundleIsSVG(t *testing.T) {
	f := New("loss per step", "step", "loss").Line("adam", nil, []float64{3, 2, 1.5}).Line("sgd", nil, []float64{3, 2.5, 2.2}).LogY()
	bundle := f.MIMEBundle()
	svg, ok := bundle["image/svg+xml"].(string)
	if !ok {
		t.Fatalf("bundle has no image/svg+xml: %v", keys(bundle))
	}
	var doc svgDoc
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("image/svg+xml does not parse: %v", err)
	}
	if doc.Width != "453.54pt" {
		t.Errorf("width %q, want 453.54pt (16 cm)", doc.Width)
	}
	joined := strings.Join(doc.Texts, "|")
	for _, want := range []string{"loss per step", "adam", "sgd"} {
		if !strings.Contains(joined, want) {
			t.Errorf("SVG texts %q lack %q", joined, want)
		}
	}
	if bundle["text/plain"] != `Figure "loss per step" (2 series)` {
		t.Errorf("text/plain = %q", bundle["text/plain"])
	}
	if h := f.HTML(); !strings.HasPrefix(h, `<img alt="loss per step" src="data:image/svg+xml;base64,`) {
		t.Errorf("HTML = %.80q", h)
	}
}

// TestLegendNeverSqueezesThePlot: however long a legend label is, the plot is drawn
// pixel for pixel as with a short one; the legend only adds rows below.
func TestLegendNeverSqueezesThePlot(t *testing.T) {
	ys := []float64{4, 2, 1, 0.5, 0.25}
	draw := func(label string) image.Image {
		b, err := New("loss", "step", "loss").Line(label, nil, ys).PNG()
		if err != nil {
			t.Fatal(err)
		}
		return decodePNG(t, b)
	}
	short := draw("sgd")
	long := draw("SGD(lr=0.05, momentum=0.9, dampening=0, weight_decay=0.0001, nesterov=True) with a label far longer than the figure is wide")
	if short.Bounds().Dx() != long.Bounds().Dx() {
		t.Fatalf("widths %d and %d: a long label changed the figure's width", short.Bounds().Dx(), long.Bounds().Dx())
	}
	plotRows := pixels(DefaultHeight)
	for y := 0; y < plotRows; y++ {
		for x := 0; x < short.Bounds().Dx(); x++ {
			if short.At(x, y) != long.At(x, y) {
				t.Fatalf("pixel (%d, %d) of the plot differs with a long label: the legend moved into the plot", x, y)
			}
		}
	}
	// The long label is cut to the width with an ellipsis, on one row.
	if dy := long.Bounds().Dy() - short.Bounds().Dy(); dy != 0 {
		t.Errorf("the long label took %d more pixel rows than a short one; want one row", dy)
	}
	names := New("x", "x", "y").Line("SGD(lr=0.05, momentum=0.9, dampening=0, weight_decay=0.0001, nesterov=True) with a label far longer than the figure is wide", nil, ys)
	lay := names.layout()
	if n := lay.names[0]; !strings.HasSuffix(n, "…") || names.Plot.Legend.TextStyle.Width(n) > lay.width {
		t.Errorf("legend name %q: want it cut with an ellipsis to the width", n)
	}
}

// TestLegendColumns: short names share rows, in as many columns as fit.
func TestLegendColumns(t *testing.T) {
	f := New("t", "x", "y")
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		f.Line(n, nil, []float64{1, 2})
	}
	lay := f.layout()
	if lay.cols != 5 || lay.legend > 3*lay.rowHeight {
		t.Errorf("5 one-letter names: %d columns, legend %v high; want one row", lay.cols, lay.legend)
	}
	g := New("t", "x", "y")
	for _, n := range []string{"Adam(lr=0.001, betas=(0.9, 0.999))", "SGD(lr=0.01, momentum=0.9)", "RMSprop(lr=0.01)", "Lion(lr=0.0001)"} {
		g.Line(n, nil, []float64{1, 2})
	}
	lay = g.layout()
	if lay.cols < 2 || lay.cols > 3 || vg.Length(lay.cols)*lay.colWidth > lay.width {
		t.Errorf("four medium names: %d columns of %v in %v, want 2 or 3 that fit", lay.cols, lay.colWidth, lay.width)
	}
}

// TestFilledContour: Filled colours the map (viridis, dark at the minimum) and adds a
// colour bar to the right of the unchanged plot.
func TestFilledContour(t *testing.T) {
	f := Contour("Rosenbrock", rosen, -2, 2, -1, 3).Filled()
	if f.Err() != nil {
		t.Fatal(f.Err())
	}
	img := decodePNG(t, must(f.PNG()))
	if w, want := img.Bounds().Dx(), pixels(DefaultWidth+barWidth); w != want {
		t.Errorf("width %d px, want %d (plot and colour bar)", w, want)
	}
	// Find the minimum (1, 1) in pixels through the plot's own transform: the plot area is
	// the top-left Width x Height of the canvas.
	c := vgimg.NewWith(vgimg.UseWH(DefaultWidth, DefaultHeight), vgimg.UseDPI(RasterDPI))
	dc := draw.New(c)
	area := f.Plot.DataCanvas(dc)
	trX, trY := f.Plot.Transforms(&area)
	px := func(x, y float64) (int, int) {
		return pixels(trX(x)), img.Bounds().Dy() - pixels(trY(y))
	}
	valleyX, valleyY := px(1, 1)
	wallX, wallY := px(-1.9, -0.9)
	dark, light := luma(img.At(valleyX, valleyY)), luma(img.At(wallX, wallY))
	t.Logf("luma %.0f at the minimum (%d, %d), %.0f on the wall (%d, %d)", dark, valleyX, valleyY, light, wallX, wallY)
	if !(dark < 80 && light > 150) {
		t.Errorf("luma %v at the minimum and %v on the far wall; want dark (viridis purple) and light (yellow)", dark, light)
	}
	if r, g, b, _ := img.At(wallX, wallY).RGBA(); !(r>>8 > 150 && g>>8 > 150 && b>>8 < 120) {
		t.Errorf("far wall colour (%d, %d, %d), want viridis yellow", r>>8, g>>8, b>>8)
	}
	// The colour bar's lowest band is the darkest colour.
	barX := pixels(DefaultWidth + vg.Points(12))
	barBottom := img.Bounds().Dy() - pixels(vg.Points(36))
	if got := img.At(barX, barBottom); luma(got) > 60 {
		t.Errorf("bottom of the colour bar is %v, want the darkest band", got)
	}
	if err := New("t", "x", "y").Filled().Err(); err == nil || !strings.Contains(err.Error(), "Contour") {
		t.Errorf("Filled on a line plot: %v", err)
	}
}

func luma(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.299*float64(r>>8) + 0.587*float64(g>>8) + 0.114*float64(b>>8))
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// TestThinKeepsTheEnvelope: a 100,000-point series is drawn from a few thousand points
// that keep its ends, its lowest and highest points, and a one-point spike.
func TestThinKeepsTheEnvelope(t *testing.T) {
	n := 100000
	pts := make(plotter.XYs, n)
	for i := range pts {
		pts[i] = plotter.XY{X: float64(i), Y: 1 + math.Sin(float64(i)/1000)}
	}
	pts[54321].Y = 50
	th := thin(pts)
	if len(th) > maxLinePoints {
		t.Fatalf("%d points kept, want at most %d", len(th), maxLinePoints)
	}
	hasSpike, minY, maxY := false, math.Inf(1), math.Inf(-1)
	for i, p := range th {
		hasSpike = hasSpike || p == pts[54321]
		minY, maxY = math.Min(minY, p.Y), math.Max(maxY, p.Y)
		if i > 0 && p.X <= th[i-1].X {
			t.Fatalf("point %d at x=%v after x=%v: thinning must keep the order", i, p.X, th[i-1].X)
		}
	}
	if !hasSpike || th[0] != pts[0] || th[len(th)-1] != pts[n-1] || minY > 0.0001 || maxY != 50 {
		t.Errorf("spike kept %v, ends %v %v, min %v", hasSpike, th[0], th[len(th)-1], minY)
	}
	svg := must(New("long", "step", "loss").Line("l", nil, ys(pts)).SVG())
	if len(svg) > 200000 {
		t.Errorf("SVG of a 100,000-point line is %d bytes, want a thinned one", len(svg))
	}
}

func ys(pts plotter.XYs) []float64 {
	out := make([]float64, len(pts))
	for i, p := range pts {
		out[i] = p.Y
	}
	return out
}

func TestFigureErrors(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		fig  *Figure
		want string
	}{
		{"length mismatch", New("t", "x", "y").Line("a", []float64{1, 2}, []float64{1}), "2 x values but 1 y values"},
		{"diverged", New("t", "x", "y").Line("loss", nil, []float64{1, nan}), "point 1"},
		{"empty", New("t", "x", "y").Points("p", nil, nil), "empty"},
		{"short path point", Contour("c", rosen, -1, 1, -1, 1).Path("p", [][]float64{{1}}), "need 2"},
		{"empty range", Contour("c", rosen, 1, -1, -1, 1), "empty"},
		{"nowhere finite", Contour("c", func(x, y float64) float64 { return nan }, -1, 1, -1, 1), "not finite"},
		{"log of zero", New("t", "x", "y").Line("l", nil, []float64{1, 0}).LogY(), "cannot draw"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.fig.PNG()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("PNG error = %v, want one containing %q", err, tt.want)
			}
			text, _ := tt.fig.MIMEBundle()["text/plain"].(string)
			if _, hasImage := tt.fig.MIMEBundle()["image/svg+xml"]; hasImage || !strings.Contains(text, tt.want) {
				t.Errorf("bundle text = %q (image %v), want the error and no image", text, hasImage)
			}
		})
	}
}

func TestSave(t *testing.T) {
	dir := t.TempDir()
	f := New("loss", "step", "loss").Line("adam", nil, []float64{3, 2, 1.5, 1.2}).LogY()
	for _, name := range []string{"a.png", "a.svg", "a.pdf"} {
		if err := f.Save(filepath.Join(dir, name)); err != nil {
			t.Errorf("Save(%s): %v", name, err)
		}
	}
	if err := f.Save(filepath.Join(dir, "noext")); err == nil {
		t.Error("Save without an extension: want an error")
	}
}

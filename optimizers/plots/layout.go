package plots

import (
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Legend and colour bar geometry.
var (
	legendPad   = vg.Points(6)  // around the legend block and between columns
	thumbWidth  = vg.Points(20) // the sample line or marker of an entry
	thumbGap    = vg.Points(4)  // between the sample and the name
	barWidth    = 2 * vg.Centimeter
	rowSpacing  = 1.35 // row height over text height
	ellipsis    = "…"
	minNameRoom = vg.Points(24)
)

// layout places the parts of a rendered figure: the plot keeps Width × Height, the colour
// bar (if any) is added at the right and the legend (if any) below, so the canvas grows
// instead of the plot shrinking.
type layout struct {
	width, height vg.Length // the whole canvas
	bar           vg.Length // width of the colour bar strip, 0 without one
	legend        vg.Length // height of the legend strip, 0 without one
	cols          int       // legend columns
	colWidth      vg.Length
	rowHeight     vg.Length
	names         []string // legend names, shortened to fit a column
}

func (f *Figure) layout() layout {
	lay := layout{width: f.Width, height: f.Height}
	if f.contour != nil && f.contour.filled {
		lay.bar = barWidth
		lay.width += barWidth
	}
	if len(f.legend) == 0 {
		return lay
	}
	sty := f.Plot.Legend.TextStyle
	room := lay.width - 2*legendPad - thumbWidth - thumbGap // widest name a single column takes
	widest := vg.Length(0)
	for _, e := range f.legend {
		name := fit(sty, e.name, room)
		lay.names = append(lay.names, name)
		widest = max(widest, sty.Width(name))
	}
	lay.colWidth = thumbWidth + thumbGap + widest + legendPad
	lay.cols = max(1, int((lay.width-legendPad)/lay.colWidth))
	lay.cols = min(lay.cols, len(f.legend))
	rows := (len(f.legend) + lay.cols - 1) / lay.cols
	lay.rowHeight = vg.Length(rowSpacing) * sty.FontExtents().Height
	lay.legend = vg.Length(rows)*lay.rowHeight + 2*legendPad
	lay.height += lay.legend
	return lay
}

// plotArea is the part of the canvas the plot itself gets: Width × Height at the top left.
func (l layout) plotArea(c draw.Canvas) draw.Canvas { return draw.Crop(c, 0, -l.bar, l.legend, 0) }

// barArea is the strip at the right of the plot area that holds the colour bar.
func (l layout) barArea(c draw.Canvas) draw.Canvas {
	return draw.Crop(c, c.Max.X-c.Min.X-l.bar, 0, l.legend, 0)
}

// legendArea is the strip below the plot.
func (l layout) legendArea(c draw.Canvas) draw.Canvas {
	return draw.Crop(c, 0, 0, 0, -(c.Max.Y - c.Min.Y - l.legend))
}

// drawLegend draws the entries row by row, left to right, below the plot.
func (f *Figure) drawLegend(c draw.Canvas, lay layout) {
	if len(f.legend) == 0 {
		return
	}
	area := lay.legendArea(c)
	sty := f.Plot.Legend.TextStyle
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	for i, e := range f.legend {
		row, col := i/lay.cols, i%lay.cols
		x := area.Min.X + legendPad + vg.Length(col)*lay.colWidth
		yTop := area.Max.Y - legendPad - vg.Length(row)*lay.rowHeight
		mid := yTop - lay.rowHeight/2
		thumb := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x, Y: mid - lay.rowHeight/2},
			Max: vg.Point{X: x + thumbWidth, Y: mid + lay.rowHeight/2},
		}}
		for _, t := range e.thumbs {
			t.Thumbnail(&thumb)
		}
		c.FillText(sty, vg.Point{X: x + thumbWidth + thumbGap, Y: mid}, lay.names[i])
	}
}

// fit shortens s with an ellipsis until it is at most room wide.
func fit(sty text.Style, s string, room vg.Length) string {
	room = max(room, minNameRoom)
	if sty.Width(s) <= room {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && sty.Width(string(r)+ellipsis) > room {
		r = r[:len(r)-1]
	}
	return string(r) + ellipsis
}

// maxLinePoints is how many points of a line are drawn at most: about four per point of
// width of a figure, far more than a screen shows, and it keeps the SVG of a
// 100,000-step loss curve small.
const maxLinePoints = 2400

// thin keeps the first, lowest, highest and last point of each of maxLinePoints/4 runs
// of consecutive points, so that a long series draws the same envelope, spikes included,
// with a bounded number of points.
func thin(pts plotter.XYs) plotter.XYs {
	buckets := maxLinePoints / 4
	if len(pts) <= maxLinePoints {
		return pts
	}
	out := make(plotter.XYs, 0, maxLinePoints)
	per := float64(len(pts)) / float64(buckets)
	for k := 0; k < buckets; k++ {
		lo, hi := int(math.Round(float64(k)*per)), int(math.Round(float64(k+1)*per))
		if hi <= lo {
			continue
		}
		iMin, iMax := lo, lo
		for i := lo; i < hi; i++ {
			if pts[i].Y < pts[iMin].Y {
				iMin = i
			}
			if pts[i].Y > pts[iMax].Y {
				iMax = i
			}
		}
		a, b := min(iMin, iMax), max(iMin, iMax)
		for _, i := range []int{lo, a, b, hi - 1} {
			if len(out) == 0 || out[len(out)-1] != pts[i] {
				out = append(out, pts[i])
			}
		}
	}
	return out
}

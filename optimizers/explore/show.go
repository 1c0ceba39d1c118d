package explore

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/descentlab/descent/optimizers/internal/view"
	"github.com/descentlab/descent/optimizers/plots"
)

// LossPlot draws every run's loss per step, on a log scale when all losses are positive.
// A diverged run is drawn up to its last finite loss and leaves the plot at the top,
// which stays at ten times the highest starting loss.
func (c *Comparison) LossPlot() *plots.Figure {
	ylabel := "objective"
	if c.problem == nil {
		ylabel = "batch loss"
	}
	f := plots.New("Loss per step: "+c.Problem, "step", ylabel)
	positive, top := true, math.Inf(-1)
	for _, r := range c.Runs {
		ys := finitePrefix(r.Loss)
		for _, y := range ys {
			positive = positive && y > 0
		}
		if len(ys) > 0 {
			top = math.Max(top, ys[0])
		}
	}
	for _, r := range c.Runs {
		ys := finitePrefix(r.Loss)
		if len(ys) == 0 {
			continue
		}
		f.Line(r.Label, nil, ys)
	}
	if positive {
		f.LogY()
	}
	if top > 0 && !math.IsInf(top, 0) {
		for _, r := range c.Runs {
			if ys := finitePrefix(r.Loss); len(ys) > 0 && maxOf(ys) > 10*top {
				f.Plot.Y.Max = 10 * top // keep the plot on the runs that did not blow up
				break
			}
		}
	}
	return f
}

// PathPlot draws every run's path over a filled contour map of a two-dimensional
// Compare problem, framed by its Bounds (or by the paths), with its known minima marked.
// For other comparisons it returns a figure whose Err says why there is no map.
func (c *Comparison) PathPlot() *plots.Figure {
	p := c.problem
	if p == nil || len(c.Runs) == 0 || len(c.Runs[0].Path) == 0 || len(c.Runs[0].Path[0]) != 2 || p.Func == nil {
		return plots.New("Paths: "+c.Problem, "x", "y").Fail(errors.New("explore: paths are drawn for Compare on two-dimensional problems only"))
	}
	xmin, xmax, ymin, ymax := c.frame()
	fn := func(x, y float64) float64 { return p.Func([]float64{x, y}) }
	f := plots.Contour("Paths: "+c.Problem, fn, xmin, xmax, ymin, ymax).Filled()
	for _, r := range c.Runs {
		if path := finitePath(r.Path); len(path) > 0 {
			f.Path(r.Label, path)
		}
	}
	for i, m := range p.Minima {
		label := ""
		if i == 0 {
			label = "minimum"
		}
		if len(m) == 2 {
			f.Mark(label, m[0], m[1])
		}
	}
	return f
}

// frame is the box of the contour map: the problem's Bounds, or the paths' extent with a
// margin when it has none.
func (c *Comparison) frame() (xmin, xmax, ymin, ymax float64) {
	if b := c.problem.Bounds; len(b) == 2 {
		return b[0][0], b[0][1], b[1][0], b[1][1]
	}
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, r := range c.Runs {
		for _, q := range finitePath(r.Path) {
			xmin, xmax = math.Min(xmin, q[0]), math.Max(xmax, q[0])
			ymin, ymax = math.Min(ymin, q[1]), math.Max(ymax, q[1])
		}
	}
	dx, dy := math.Max(xmax-xmin, 1e-3), math.Max(ymax-ymin, 1e-3)
	return xmin - dx/4, xmax + dx/4, ymin - dy/4, ymax + dy/4
}

// String is the comparison as a text table.
func (c *Comparison) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Comparison on %s (%s each)\n", c.Problem, c.Budget)
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "run\tfinal\tbest\tsteps\ttime\tstatus")
	for _, r := range c.Runs {
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%s\t%s\n", r.Label, view.Num(r.Final), view.Num(r.Best), r.Steps, view.Duration(r.Time), r.Status)
	}
	w.Flush()
	return strings.TrimRight(b.String(), "\n")
}

// MIMEBundle shows the comparison in a notebook: the table (the best run marked), the
// hints of runs that diverged, the loss plot and, for a two-dimensional problem, the
// paths over the contour map.
func (c *Comparison) MIMEBundle() map[string]any {
	best := c.Best()
	var rows [][]string
	var notes []string
	for i := range c.Runs {
		r := &c.Runs[i]
		label := view.Esc(r.Label)
		if r == best {
			label = "<b>" + label + " ★</b>"
		}
		status := view.Esc(r.Status)
		if r.failed() {
			status = `<span style="color:#c9302c">` + status + `</span>`
		}
		rows = append(rows, []string{label, view.Esc(view.Num(r.Final)), view.Esc(view.Num(r.Best)),
			fmt.Sprint(r.Steps), view.Esc(view.Duration(r.Time)), status})
		switch {
		case r.Result != nil && r.Result.Hint != "":
			notes = append(notes, r.Label+": "+r.Result.Hint)
		case r.Err != nil:
			notes = append(notes, r.Label+": "+r.Err.Error())
		}
	}
	var body strings.Builder
	body.WriteString(view.Table([]string{"run", "#final", "#best", "#steps", "#time", "status"}, rows))
	for _, n := range notes {
		body.WriteString(`<div style="color:#c9302c;font-size:12px">` + view.Esc(n) + `</div>`)
	}
	body.WriteString(`<div style="display:flex;flex-wrap:wrap;gap:8px;margin-top:4px">`)
	body.WriteString(c.LossPlot().Size(13, 9).HTML())
	if pp := c.PathPlot(); pp.Err() == nil {
		body.WriteString(pp.Size(13, 9).HTML())
	}
	body.WriteString(`</div>`)
	title := fmt.Sprintf("Comparison on %s: %d runs, %s each", c.Problem, len(c.Runs), c.Budget)
	return map[string]any{"text/html": view.Box(title, body.String()), "text/plain": c.String()}
}

// finitePrefix returns ys up to its first value that is not finite.
func finitePrefix(ys []float64) []float64 {
	for i, y := range ys {
		if math.IsNaN(y) || math.IsInf(y, 0) {
			return ys[:i]
		}
	}
	return ys
}

// finitePath returns the points of path up to the first that is not finite.
func finitePath(path [][]float64) [][]float64 {
	for i, q := range path {
		for _, v := range q {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return path[:i]
			}
		}
	}
	return path
}

func maxOf(ys []float64) float64 {
	m := math.Inf(-1)
	for _, y := range ys {
		m = math.Max(m, y)
	}
	return m
}

// Plot draws the loss and its smoothed curve against the learning rate on a log axis,
// with the suggested rate marked.
func (s *LRSweep) Plot() *plots.Figure {
	f := plots.New("Learning-rate range test", "learning rate", "loss").LogX()
	n := len(finitePrefix(s.Loss))
	if n == 0 {
		return f.Fail(errors.New("explore: the sweep recorded no finite loss"))
	}
	sm := finitePrefix(s.Smoothed[:n])
	f.Line("loss", s.LR[:n], s.Loss[:n])
	f.Line("smoothed", s.LR[:len(sm)], sm)
	if !math.IsNaN(s.Suggested) {
		f.Mark(fmt.Sprintf("suggested lr %s", view.Num(s.Suggested)), s.Suggested, at(s.LR, sm, s.Suggested))
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range sm {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if pad := (hi - lo) * 0.2; pad > 0 {
		f.Plot.Y.Min, f.Plot.Y.Max = lo-pad, hi+pad // the smoothed curve's range: raw spikes leave it
	}
	return f
}

// at returns ys at the x equal to x (or the nearest after it).
func at(xs, ys []float64, x float64) float64 {
	for i, v := range xs {
		if v >= x && i < len(ys) {
			return ys[i]
		}
	}
	return ys[len(ys)-1]
}

// String summarizes the sweep in one line.
func (s *LRSweep) String() string {
	return fmt.Sprintf("learning-rate range test of %s: suggested lr %s (steepest fall of the loss), lowest loss at lr %s; %d steps, %s",
		s.Optimizer, view.Num(s.Suggested), view.Num(s.MinLR), len(s.LR), s.Stopped)
}

// MIMEBundle shows the sweep: the suggestion and the plot.
func (s *LRSweep) MIMEBundle() map[string]any {
	line := fmt.Sprintf("suggested lr ≈ %s (where the smoothed loss falls fastest); lowest loss at lr %s (a tenth of it: %s); %d steps from %s to %s, %s",
		view.Num(s.Suggested), view.Num(s.MinLR), view.Num(s.MinLR/10), len(s.LR), view.Num(first(s.LR)), view.Num(last(s.LR)), s.Stopped)
	body := `<div>` + view.Esc(line) + `</div>` + s.Plot().Size(14, 9).HTML()
	return map[string]any{"text/html": view.Box("Learning-rate range test: "+s.Optimizer, body), "text/plain": s.String()}
}

func first(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	return xs[0]
}

func last(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	return xs[len(xs)-1]
}

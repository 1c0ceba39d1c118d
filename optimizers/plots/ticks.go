package plots

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// cleanTicks are gonum's default ticks with labels in the shortest form ("25", not "25.00").
type cleanTicks struct{}

func (cleanTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = strconv.FormatFloat(t.Value, 'g', 6, 64)
		}
	}
	return ticks
}

// logTicks marks powers of ten with exact, short labels (gonum's LogTicks computes them by
// repeated multiplication and prints 0.09999999999999998). Minor ticks at 2..9 show only
// when few decades are visible, and labels thin out over many decades.
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0) || !(max > 0) {
		panic(fmt.Sprintf("log axis over non-positive values [%v, %v]", min, max))
	}
	lo, hi := int(math.Floor(math.Log10(min))), int(math.Ceil(math.Log10(max)))
	decades := hi - lo
	every := 1 + decades/8
	var ticks []plot.Tick
	for e := lo; e <= hi; e++ {
		v, _ := strconv.ParseFloat(fmt.Sprintf("1e%d", e), 64)
		t := plot.Tick{Value: v}
		if (e-lo)%every == 0 {
			t.Label = decadeLabel(e)
		}
		ticks = append(ticks, t)
		if decades <= 6 && e < hi {
			for m := 2; m < 10; m++ {
				t := plot.Tick{Value: float64(m) * v}
				// Over a decade or two a decade label may be all that shows: label 2 and 5 too.
				if decades <= 2 && (m == 2 || m == 5) {
					t.Label = strconv.FormatFloat(t.Value, 'g', 6, 64)
				}
				ticks = append(ticks, t)
			}
		}
	}
	return ticks
}

// decadeLabel writes 10^e as people read it: 0.01, 0.1, 1, 10, 100, 1000, then 1e-5, 1e6.
func decadeLabel(e int) string {
	if e >= -2 && e <= 3 {
		return strconv.FormatFloat(math.Pow10(e), 'f', -1, 64)
	}
	return fmt.Sprintf("1e%d", e)
}

package plugin

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/descentlab/descent/optimizers"
)

// BenchmarkPluginAdam compares, at N = 1e6, a step of the Adam that testdata/adam.go
// writes as a plugin in the style the plugins' README teaches (Moments and AddCDivSqrt
// inside vec.Blocks) with a step of the built-in Adam, alternating the two in one run so
// that both see the same machine. It reports the ratio of their median step times, and of
// their fastest tenths (which a busy machine disturbs least); the goal is at most 2.
//
//	go test ./interp/plugin -run '^$' -bench PluginAdam -benchtime 200x
func BenchmarkPluginAdam(b *testing.B) {
	if _, err := LoadFile("testdata/adam.go"); err != nil {
		b.Fatal(err)
	}
	const n = 1_000_000
	r := rand.New(rand.NewPCG(1, 2))
	g := make([]float64, n)
	for i := range g {
		g[i] = r.NormFloat64()
	}
	builtin, err := optimizers.New("adam", nil)
	if err != nil {
		b.Fatal(err)
	}
	plugin, err := optimizers.New("benchadam", nil)
	if err != nil {
		b.Fatal(err)
	}
	pb, pp := make([]float64, n), make([]float64, n)
	var tb, tp []time.Duration
	step := func(o optimizers.Optimizer, p []float64, into *[]time.Duration) {
		t0 := time.Now()
		if err := o.Step(p, g); err != nil {
			b.Fatal(err)
		}
		*into = append(*into, time.Since(t0))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			step(builtin, pb, &tb)
			step(plugin, pp, &tp)
		} else {
			step(plugin, pp, &tp)
			step(builtin, pb, &tb)
		}
	}
	b.StopTimer()
	if !slices.Equal(pb, pp) {
		b.Fatal("the plugin Adam's parameters differ from the built-in's")
	}
	mb, mp := quantile(tb, 0.5), quantile(tp, 0.5)
	fb, fp := quantile(tb, 0.1), quantile(tp, 0.1)
	b.ReportMetric(float64(mb.Nanoseconds())/n, "builtin-ns/elem")
	b.ReportMetric(float64(mp.Nanoseconds())/n, "plugin-ns/elem")
	b.ReportMetric(float64(mp)/float64(mb), "ratio")
	b.ReportMetric(float64(fp)/float64(fb), "ratio-p10")
	if b.N >= 20 {
		fmt.Printf("Adam step at N=1e6, %d steps each: median built-in %v, plugin %v: plugin/built-in = %.2fx (fastest tenth: %v, %v: %.2fx)\n",
			b.N, mb, mp, float64(mp)/float64(mb), fb, fp, float64(fp)/float64(fb))
	}
}

// quantile returns the q-quantile of d.
func quantile(d []time.Duration, q float64) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1))]
}

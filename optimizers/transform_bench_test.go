package optimizers

import (
	"math"
	"testing"
)

// BenchmarkTransformedStep measures the transform overhead on a 100k-parameter step:
// norm clipping, an elastic net on most of the vector and a proximal L1, around plain GD.
func BenchmarkTransformedStep(b *testing.B) {
	const n = 100000
	x, g := make([]float64, n), make([]float64, n)
	for i := range x {
		x[i], g[i] = math.Sin(float64(i)), math.Cos(float64(i))
	}
	o := Transformed(newTfGD(1e-6), ClipGradNorm(1, 2), Only(0, n-10, ElasticNet(1e-4, 1e-4)), ProxL1(1e-6))
	b.SetBytes(8 * n)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := o.Step(x, g); err != nil {
			b.Fatal(err)
		}
	}
}

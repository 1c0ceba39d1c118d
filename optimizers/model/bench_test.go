package model

import "testing"

// BenchmarkForwardBackward is one training step's model work for a 2-64-64-2 relu MLP on
// a batch of 256 rows.
func BenchmarkForwardBackward(b *testing.B) {
	m, _ := NewMLP(MLPConfig{Sizes: []int{2, 64, 64, 2}, Seed: 1})
	const n = 256
	x, out, dout, g := make([]float64, n*2), make([]float64, n*2), make([]float64, n*2), make([]float64, m.NumParams())
	for i := range x {
		x[i] = float64(i%11)/5 - 1
		dout[i] = float64(i%3) - 1
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		m.Forward(x, n, out)
		m.Backward(dout, g)
	}
}

package optimizers

import (
	"math"
	"math/rand"
	"testing"
)

// TestMulMatchesNaive checks every transposition, at sizes on both sides of the kernel's
// tiles and its parallel split, against a plain triple loop, and that a multiplication
// allocates nothing once it has run.
func TestMulMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, d := range [][3]int{{1, 1, 1}, {3, 5, 2}, {65, 70, 200}, {130, 40, 400}, {2, 5000, 3}} {
		m, k, n := d[0], d[1], d[2]
		a, b := randVec(rng, m*k), randVec(rng, k*n)
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			c := make([]float64, m*n)
			mul(c, a, b, m, k, n, tr[0], tr[1])
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					s, mag := 0.0, 0.0
					for l := 0; l < k; l++ {
						ai, bj := a[i*k+l], b[l*n+j]
						if tr[0] {
							ai = a[l*m+i]
						}
						if tr[1] {
							bj = b[j*k+l]
						}
						s += ai * bj
						mag += math.Abs(ai * bj)
					}
					if math.Abs(c[i*n+j]-s) > 1e-13*mag {
						t.Fatalf("%v trans %v: c[%d,%d] = %v, want %v", d, tr, i, j, c[i*n+j], s)
					}
				}
			}
			if allocs := testing.AllocsPerRun(3, func() { mul(c, a, b, m, k, n, tr[0], tr[1]) }); allocs != 0 {
				t.Errorf("%v trans %v: %v allocations", d, tr, allocs)
			}
		}
	}
}

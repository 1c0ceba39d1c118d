package vec

import (
	"errors"
	"math/rand"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Blocks covers [0, n) exactly once, in blocks of at most BlockSize, with scratch of the
// block's length, whatever n is.
func TestBlocksCoverOnce(t *testing.T) {
	for _, n := range []int{0, 1, BlockSize - 1, BlockSize, BlockSize + 1, 5*BlockSize + 17} {
		seen := make([]int32, n)
		var mu sync.Mutex
		err := Blocks(n, func(lo, hi int, tmp []float64) error {
			if hi-lo > BlockSize || hi <= lo || len(tmp) != hi-lo {
				t.Errorf("n=%d: block [%d, %d) with scratch of %d", n, lo, hi, len(tmp))
			}
			mu.Lock()
			for i := lo; i < hi; i++ {
				seen[i]++
			}
			mu.Unlock()
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range seen {
			if c != 1 {
				t.Fatalf("n=%d: element %d visited %d times", n, i, c)
			}
		}
	}
}

// An Adam written as a chain of kernels inside Blocks gives the bits of the fused kernel,
// whichever core ran each block.
func TestBlocksChainMatchesFused(t *testing.T) {
	const n = 3*BlockSize + 5
	in := randSlices(rand.New(rand.NewSource(3)), 4, n)
	for i := range in[3] {
		in[3][i] = in[3][i] * in[3][i]
	}
	fused, chain := clone(in), clone(in)
	c := AdamCoeffs{Beta1: 0.9, Beta2: 0.99, StepSize: 0.01 / 0.1, BC2Sqrt: 0.3, Eps: 1e-8}
	if err := Adam(fused[0], fused[1], fused[2], fused[3], nil, c); err != nil {
		t.Fatal(err)
	}
	p, g, m, v := chain[0], chain[1], chain[2], chain[3]
	err := Blocks(n, func(lo, hi int, _ []float64) error {
		m, v := m[lo:hi], v[lo:hi]
		if err := Moments(m, v, c.Beta1, c.Beta2, g[lo:hi]); err != nil {
			return err
		}
		return AddCDivSqrt(p[lo:hi], -c.StepSize, m, v, c.BC2Sqrt, c.Eps)
	})
	if err != nil {
		t.Fatal(err)
	}
	for j, name := range []string{"p", "g", "m", "v"} {
		sameBits(t, "chained Adam "+name, chain[j], fused[j])
	}
}

// The first error stops the handing out of blocks and is returned; a panic in a body is
// an error naming its block, not a crash of the process.
func TestBlocksErrors(t *testing.T) {
	const n = 8 * BlockSize
	boom := errors.New("boom")
	var mu sync.Mutex
	calls := 0
	err := Blocks(n, func(lo, hi int, _ []float64) error {
		mu.Lock()
		calls++
		mu.Unlock()
		if lo == 2*BlockSize {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Errorf("error %v, want boom", err)
	}
	err = Blocks(n, func(lo, hi int, _ []float64) error {
		if lo == BlockSize {
			var m map[string]int
			m["x"] = 1 // a nil-map panic, in whichever goroutine runs this block
		}
		return nil
	})
	want := "vec.Blocks: block [" + strconv.Itoa(BlockSize) + ", " + strconv.Itoa(2*BlockSize) + ") panicked: assignment to entry in nil map"
	if err == nil || err.Error() != want {
		t.Errorf("panic gave %v, want %q", err, want)
	}
	if err := Blocks(n, nil); err == nil || !strings.Contains(err.Error(), "nil body") {
		t.Errorf("nil body: %v", err)
	}
}

// Blocks called from inside a body (a plugin that composes two) finishes, even with every
// helper busy.
func TestBlocksNested(t *testing.T) {
	const n = 4 * BlockSize
	total := make([]float64, n)
	err := Blocks(n, func(lo, hi int, _ []float64) error {
		return Blocks(hi-lo, func(a, b int, _ []float64) error {
			for i := lo + a; i < lo+b; i++ {
				total[i]++
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range total {
		if v != 1 {
			t.Fatalf("element %d updated %v times", i, v)
		}
	}
}

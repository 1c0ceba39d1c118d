//go:build !amd64 || purego

package vec

// Without AVX assembly every kernel runs its portable Go loop.
const useSIMD = false

type adamConsts struct {
	b1, c1, b2, c2, nss, bc2s, eps, keep, s float64
}

func adamAVX(p, g, m, v *float64, n int, k *adamConsts) { panic("vec: no SIMD on this platform") }

type rmspropConsts struct {
	a, ca, eps, nlr, s float64
}

func rmspropAVX(p, g, sq *float64, n int, k *rmspropConsts) { panic("vec: no SIMD on this platform") }

type sgdConsts struct {
	s, wd, mom, damp, nlr float64
	wdOn, nesterov        int64
}

func sgdAVX(p, grad, buf *float64, n int, k *sgdConsts) { panic("vec: no SIMD on this platform") }

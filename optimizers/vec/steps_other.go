//go:build !amd64 || purego

package vec

func sqrtDivAddAVX(dst, x *float64, n int, d, c float64) { panic("vec: no SIMD on this platform") }

func addCDivSqrtAVX(p, m, s *float64, n int, v, d, c float64) {
	panic("vec: no SIMD on this platform")
}

func momentsAVX(m, v, grad *float64, n int, b1, c1, b2, c2 float64) {
	panic("vec: no SIMD on this platform")
}

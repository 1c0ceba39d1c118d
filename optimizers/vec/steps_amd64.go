//go:build amd64 && !purego

package vec

// The plugin steps are bound by their square roots and divisions, as Adam is; the AVX
// loops round every lane as the Go loops do (no FMA), so both give the same bits.

// sqrtDivAddAVX sets dst = sqrt(x)/d + c on n elements, n a multiple of 4.
//
//go:noescape
func sqrtDivAddAVX(dst, x *float64, n int, d, c float64)

// addCDivSqrtAVX sets p = p + (v*m)/(sqrt(s)/d + c) on n elements, n a multiple of 4.
//
//go:noescape
func addCDivSqrtAVX(p, m, s *float64, n int, v, d, c float64)

// momentsAVX runs Moments on n elements, n a multiple of 4.
//
//go:noescape
func momentsAVX(m, v, grad *float64, n int, b1, c1, b2, c2 float64)

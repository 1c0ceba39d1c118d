//go:build amd64 && !purego

package vec

// Adam and RMSprop are bound by their divisions and square roots, not by memory, when
// done one float64 at a time. AVX does four lanes per instruction, and every lane is
// IEEE correctly rounded exactly like the scalar code (no FMA is used), so the vector
// path gives the same bits as the Go loop; TestSIMDMatchesScalar checks that.

// useSIMD is whether the CPU and OS support AVX.
var useSIMD = hasAVX()

func hasAVX() bool

// adamConsts are the broadcast coefficients of adamAVX, in the order the assembly loads them.
type adamConsts struct {
	b1, c1, b2, c2, nss, bc2s, eps, keep, s float64
}

// adamAVX runs the Adam update without weight decay or amsgrad on n elements, n a
// multiple of 4.
//
//go:noescape
func adamAVX(p, grad, m, v *float64, n int, k *adamConsts)

// rmspropConsts are the broadcast coefficients of rmspropAVX.
type rmspropConsts struct {
	a, ca, eps, nlr, s float64
}

// rmspropAVX runs plain RMSprop (no centering, momentum or weight decay) on n elements, n a
// multiple of 4.
//
//go:noescape
func rmspropAVX(p, grad, sq *float64, n int, k *rmspropConsts)

// sgdConsts are the broadcast coefficients and flags of sgdAVX.
type sgdConsts struct {
	s, wd, mom, damp, nlr float64
	wdOn, nesterov        int64
}

// sgdAVX runs SGD with momentum (after the buffer's first step) on n elements, n a
// multiple of 4.
//
//go:noescape
func sgdAVX(p, grad, buf *float64, n int, k *sgdConsts)

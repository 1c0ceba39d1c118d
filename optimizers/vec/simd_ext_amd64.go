//go:build amd64 && !purego

package vec

// useFMA is whether the CPU and OS support AVX2 and FMA3, which the kernels of the
// optimizers beyond torch.optim need (FMA for the references' fused multiply-adds,
// AVX2 for MADGRAD's integer steps in the cube root).
var useFMA = hasAVX() && hasAVX2FMA()

func hasAVX2FMA() bool

//go:noescape
func yogiAVX(p, grad, m, v *float64, n int, k *yogiConsts)

//go:noescape
func adaboundAVX(p, grad, m, v, vmax *float64, n int, k *adaboundConsts)

//go:noescape
func qhadamAVX(p, grad, m, v *float64, n int, k *qhadamConsts)

// madgradAVX returns how many elements it did: all n, or fewer when it stopped before a
// group of four holding an input PowThird takes its scalar path for.
//
//go:noescape
func madgradAVX(p, grad, gss, s, x0 *float64, n int, k *madgradConsts) int

// normSqAVX adds x[i]*x[i] into acc[i%16] with fused multiply-adds, n a multiple of 16.
//
//go:noescape
func normSqAVX(x *float64, n int, acc *[16]float64)

//go:noescape
func lambMomentsAVX(p, grad, m, v *float64, n int, k *lambConsts, accP, accA *[8]float64)

//go:noescape
func lambApplyAVX(p, m, v *float64, n int, k *lambConsts)

//go:noescape
func novogradAVX(p, grad, m *float64, n int, k *novogradConsts)

//go:noescape
func sfAdamAVX(p, grad, z, x, y, v *float64, n int, k *sfAdamConsts)

//go:noescape
func sfSGDAVX(p, grad, z, x, y *float64, n int, k *sfSGDConsts)

//go:noescape
func larsAVX(p, grad, buf *float64, n int, k *larsConsts)

// useAVX512 is whether the CPU and OS support AVX-512F, which MADGRAD's kernel uses to
// keep twice as many cube roots in flight: its latency, not the arithmetic, bounds it.
var useAVX512 = useFMA && hasAVX512F()

func hasAVX512F() bool

//go:noescape
func madgradAVX512(p, grad, gss, s, x0 *float64, n int, k *madgrad512Consts) int

// sumSquaresAVX adds x[i]*x[i], each product rounded, into acc[i%16], n a multiple of 16.
//
//go:noescape
func sumSquaresAVX(x *float64, n int, acc *[16]float64)

// normsSqAVX is normSqAVX of x and of y in one loop.
//
//go:noescape
func normsSqAVX(x, y *float64, n int, accX, accY *[16]float64)

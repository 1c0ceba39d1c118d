package vec

// Without the AVX2+FMA assembly the kernels of the torch_optimizer family run their Go
// loops.
const useFMA = false

func yogiAVX(p, g, m, v *float64, n int, c *YogiCoeffs) { panic("vec: no SIMD on this platform") }

func adaboundAVX(p, g, m, v, vmax *float64, n int, c *AdaBoundCoeffs) {
	panic("vec: no SIMD on this platform")
}

func qhadamAVX(p, g, m, v *float64, n int, k *qhadamConsts) { panic("vec: no SIMD on this platform") }

func madgradAVX(p, g, gss, s, x0 *float64, n int, k *madgradConsts) int {
	panic("vec: no SIMD on this platform")
}

func normSqAVX(x *float64, n int, acc *[8]float64) { panic("vec: no SIMD on this platform") }

func lambMomentsAVX(p, g, m, v *float64, n int, c *LambCoeffs, accP, accA *[8]float64) {
	panic("vec: no SIMD on this platform")
}

func lambApplyAVX(p, m, v *float64, n int, k *lambApplyConsts) {
	panic("vec: no SIMD on this platform")
}

func novogradAVX(p, g, m *float64, n int, k *novogradConsts) { panic("vec: no SIMD on this platform") }

func sfAdamAVX(p, g, z, x, y, v *float64, n int, k *sfAdamConsts) {
	panic("vec: no SIMD on this platform")
}

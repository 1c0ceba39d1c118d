//go:build !amd64 || purego

package vec

// Without the AVX2+FMA assembly the kernels of the optimizers beyond torch.optim run
// their Go loops.
const useFMA = false

func noSIMD() { panic("vec: no SIMD on this platform") }

func yogiAVX(p, grad, m, v *float64, n int, k *yogiConsts)                 { noSIMD() }
func adaboundAVX(p, grad, m, v, vmax *float64, n int, k *adaboundConsts)   { noSIMD() }
func qhadamAVX(p, grad, m, v *float64, n int, k *qhadamConsts)             { noSIMD() }
func madgradAVX(p, grad, gss, s, x0 *float64, n int, k *madgradConsts) int { noSIMD(); return 0 }
func normSqAVX(x *float64, n int, acc *[16]float64)                        { noSIMD() }
func lambMomentsAVX(p, grad, m, v *float64, n int, k *lambConsts, accP, accA *[8]float64) {
	noSIMD()
}
func lambApplyAVX(p, m, v *float64, n int, k *lambConsts)            { noSIMD() }
func novogradAVX(p, grad, m *float64, n int, k *novogradConsts)      { noSIMD() }
func sfAdamAVX(p, grad, z, x, y, v *float64, n int, k *sfAdamConsts) { noSIMD() }
func sfSGDAVX(p, grad, z, x, y *float64, n int, k *sfSGDConsts)      { noSIMD() }
func larsAVX(p, grad, buf *float64, n int, k *larsConsts)            { noSIMD() }

const useAVX512 = false

func madgradAVX512(p, grad, gss, s, x0 *float64, n int, k *madgrad512Consts) int {
	noSIMD()
	return 0
}

func sumSquaresAVX(x *float64, n int, acc *[16]float64) { noSIMD() }

func normsSqAVX(x, y *float64, n int, accX, accY *[16]float64) { noSIMD() }

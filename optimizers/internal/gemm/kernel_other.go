//go:build !amd64 || purego

package gemm

import "math"

// Without the assembly every tile runs the portable Go kernel.
var useAsm = false

func kernelAVX2(k *kargs) { panic("gemm: no assembly kernel on this platform") }

// fmaLoop runs n rounds of 8 independent fused multiply-adds (16 flops a round), the
// scalar peak the portable kernel can hope for.
func fmaLoop(n int) {
	var a0, a1, a2, a3, a4, a5, a6, a7 float64
	x, y := 1e-3, 0.5
	for i := 0; i < n; i++ {
		a0 = math.FMA(x, y, a0)
		a1 = math.FMA(x, y, a1)
		a2 = math.FMA(x, y, a2)
		a3 = math.FMA(x, y, a3)
		a4 = math.FMA(x, y, a4)
		a5 = math.FMA(x, y, a5)
		a6 = math.FMA(x, y, a6)
		a7 = math.FMA(x, y, a7)
	}
	sink = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7
}

var sink float64

const peakFlopsPerRound = 16

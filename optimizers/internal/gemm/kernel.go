package gemm

import (
	"math"
	"unsafe"
)

// The micro-kernel computes one mr x nr tile of C over a range of the inner dimension,
// holding the whole tile in registers: 12 AVX2 registers of 4 lanes on amd64.
const (
	mr = 6
	nr = 8
)

// Flags of kargs.flags, in the order the kernel applies them; kernel_amd64.s defines the
// same values.
const (
	flagInitC    = 1 << iota // start from the tile of C (continue a sum) instead of zero
	flagBias                 // start every row from the nr values at bias
	flagScale                // multiply the sum by alpha
	flagAddC                 // add beta times the old tile of C
	flagReLU                 // max(0, x), passing NaN through
	flagMaskReLU             // zero where the tile of aux is <= 0 (relu's derivative)
)

// kargs is one kernel call. The assembly reads it by offset: keep the field order.
type kargs struct {
	a, b, c, aux, bias *float64
	k                  int // length of the inner dimension
	rsA, csA           int // element (i, p) of A is a[i*rsA + p*csA]
	ldb                int // row p of the B panel starts at b[p*ldb]
	ldc, ldaux         int
	flags              int
	alpha, beta        float64
}

// kernel runs one tile through the assembly, or through the portable Go kernel when the
// CPU lacks AVX2 and FMA or a test turned the assembly off.
func kernel(k *kargs) {
	if useAsm {
		kernelAVX2(k)
		return
	}
	kernelGo(k)
}

// at is element off of the array that p points into.
func at(p *float64, off int) float64 {
	return *(*float64)(unsafe.Add(unsafe.Pointer(p), off*8))
}

func ptr(p *float64, off int) *float64 {
	return (*float64)(unsafe.Add(unsafe.Pointer(p), off*8))
}

// kernelGo is the portable kernel. Every element goes through the same operations in the
// same order as in the assembly (one fused multiply-add per product, math.FMA being
// exactly rounded like VFMADD), so both give the same bits; the tests check that.
func kernelGo(k *kargs) {
	for i := 0; i < mr; i++ {
		var acc [nr]float64
		crow := ptr(k.c, i*k.ldc)
		switch {
		case k.flags&flagInitC != 0:
			for j := range acc {
				acc[j] = at(crow, j)
			}
		case k.flags&flagBias != 0:
			for j := range acc {
				acc[j] = at(k.bias, j)
			}
		}
		arow := ptr(k.a, i*k.rsA)
		for p := 0; p < k.k; p++ {
			av := at(arow, p*k.csA)
			brow := (*[nr]float64)(unsafe.Pointer(ptr(k.b, p*k.ldb)))
			for j, bv := range brow {
				acc[j] = math.FMA(av, bv, acc[j])
			}
		}
		if k.flags&flagScale != 0 {
			for j := range acc {
				acc[j] *= k.alpha
			}
		}
		if k.flags&flagAddC != 0 {
			for j := range acc {
				acc[j] = math.FMA(k.beta, at(crow, j), acc[j])
			}
		}
		if k.flags&flagReLU != 0 {
			for j, v := range acc {
				if 0 > v {
					acc[j] = 0
				}
			}
		}
		if k.flags&flagMaskReLU != 0 {
			auxrow := ptr(k.aux, i*k.ldaux)
			for j := range acc {
				if at(auxrow, j) <= 0 {
					acc[j] = 0
				}
			}
		}
		*(*[nr]float64)(unsafe.Pointer(crow)) = acc
	}
}

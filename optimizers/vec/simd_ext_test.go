//go:build amd64 && !purego

package vec

import (
	"math"
	"math/rand"
	"testing"
	"unsafe"
)

// TestExtConstsLayout pins the offsets the assembly reads its coefficients and flags at.
func TestExtConstsLayout(t *testing.T) {
	var y yogiConsts
	var a adaboundConsts
	var q qhadamConsts
	var m madgradConsts
	var l lambConsts
	var n novogradConsts
	var sa sfAdamConsts
	var ss sfSGDConsts
	var lr larsConsts
	var m5 madgrad512Consts
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"yogi.wdOn", unsafe.Offsetof(y.wdOn), 288}, {"yogi.negOne", unsafe.Offsetof(y.negOne), 256},
		{"adabound.eps", unsafe.Offsetof(a.eps), 256}, {"adabound.amsOn", unsafe.Offsetof(a.amsOn), 296},
		{"qhadam.eps", unsafe.Offsetof(q.eps), 352}, {"qhadam.epsOn", unsafe.Offsetof(q.epsOn), 416},
		{"madgrad.sign", unsafe.Offsetof(m.sign), 352}, {"madgrad.magic", unsafe.Offsetof(m.magic), 384},
		{"madgrad.div3", unsafe.Offsetof(m.div3), 416}, {"madgrad.perm", unsafe.Offsetof(m.perm), 448},
		{"madgrad.wdOn", unsafe.Offsetof(m.wdOn), 480}, {"madgrad.twoNinths", unsafe.Offsetof(m.twoNinths), 488},
		{"madgrad512.sign", unsafe.Offsetof(m5.sign), 704}, {"madgrad512.magic", unsafe.Offsetof(m5.magic), 768},
		{"madgrad512.div3", unsafe.Offsetof(m5.div3), 832}, {"madgrad512.perm", unsafe.Offsetof(m5.perm), 896},
		{"madgrad512.wdOn", unsafe.Offsetof(m5.wdOn), 960}, {"madgrad512.twoNinths", unsafe.Offsetof(m5.twoNinths), 968},
		{"lamb.scale", unsafe.Offsetof(l.scale), 192}, {"lamb.wdOn", unsafe.Offsetof(l.wdOn), 224},
		{"novograd.wdOn", unsafe.Offsetof(n.wdOn), 160},
		{"sfAdam.b1", unsafe.Offsetof(sa.b1), 288}, {"sfAdam.decayOn", unsafe.Offsetof(sa.decayOn), 320},
		{"sfSGD.wdOn", unsafe.Offsetof(ss.wdOn), 192},
		{"lars.scaled", unsafe.Offsetof(lr.scaled), 160}, {"lars.nesterov", unsafe.Offsetof(lr.nesterov), 168},
	} {
		if c.got != c.want {
			t.Errorf("%s at offset %d, the assembly reads %d", c.name, c.got, c.want)
		}
	}
}

// firstDiff returns the first index where a and b differ in bits (any NaN matching any
// NaN), or -1.
func firstDiff(a, b []float64) int {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return i
		}
	}
	return -1
}

// extInputs returns k vectors of n values spread over many magnitudes, with zeros, tiny
// and subnormal values mixed in so that branches and MADGRAD's scalar path are hit.
func extInputs(r *rand.Rand, k, n int, positive bool) [][]float64 {
	out := make([][]float64, k)
	for j := range out {
		out[j] = make([]float64, n)
		for i := range out[j] {
			x := r.NormFloat64() * math.Exp(3*r.NormFloat64())
			switch r.Intn(40) {
			case 0:
				x = 0
			case 1:
				x = 1e-310
			case 2:
				x = 1e-300
			}
			if positive {
				x = math.Abs(x)
			}
			out[j][i] = x
		}
	}
	return out
}

// TestExtSIMDMatchesScalar runs every AVX2+FMA kernel and its Go loop on the same inputs
// and requires identical bits in every output, for each switchable branch.
func TestExtSIMDMatchesScalar(t *testing.T) {
	if !useFMA {
		t.Skip("no AVX2+FMA on this CPU")
	}
	r := rand.New(rand.NewSource(7))
	const n = 4*64 + 3
	kernels := []struct {
		name     string
		positive []bool // which inputs must be >= 0
		run      func(x [][]float64) error
	}{
		{"Yogi", []bool{false, false, false, true}, func(x [][]float64) error {
			return Yogi(x[0], x[1], x[2], x[3], YogiCoeffs{Beta1: 0.9, Beta2: 0.999, StepSize: 0.3, BC2Sqrt: 0.2, Eps: 1e-3})
		}},
		{"Yogi wd", []bool{false, false, false, true}, func(x [][]float64) error {
			return Yogi(x[0], x[1], x[2], x[3], YogiCoeffs{Beta1: 0.8, Beta2: 0.99, StepSize: 0.3, BC2Sqrt: 0.2, Eps: 1e-6, WeightDecay: 0.01})
		}},
		{"AdaBound", []bool{false, false, false, true}, func(x [][]float64) error {
			return AdaBound(x[0], x[1], x[2], x[3], nil, AdaBoundCoeffs{Beta1: 0.9, Beta2: 0.999, StepSize: 0.01, Lower: 0.05, Upper: 0.2, Eps: 1e-8})
		}},
		{"AdaBound amsbound wd", []bool{false, false, false, true, true}, func(x [][]float64) error {
			return AdaBound(x[0], x[1], x[2], x[3], x[4], AdaBoundCoeffs{Beta1: 0.9, Beta2: 0.999, StepSize: 0.01, Lower: 0.05, Upper: 0.2, Eps: 1e-8, WeightDecay: 0.1})
		}},
		{"QHAdam", []bool{false, false, false, true}, func(x [][]float64) error {
			return QHAdam(x[0], x[1], x[2], x[3], QHAdamCoeffs{A1: 0.5, A2: 0.7, Nu1: 1, Nu2: 1, LR: 0.01, Eps: 1e-8})
		}},
		{"QHAdam nus decay", []bool{false, false, false, true}, func(x [][]float64) error {
			return QHAdam(x[0], x[1], x[2], x[3], QHAdamCoeffs{A1: 0.5, A2: 0.7, Nu1: 0.7, Nu2: 0.9, LR: 0.01, Eps: 0, Decay: 0.001})
		}},
		{"QHAdam wd", []bool{false, false, false, true}, func(x [][]float64) error {
			return QHAdam(x[0], x[1], x[2], x[3], QHAdamCoeffs{A1: 0.5, A2: 0.7, Nu1: 0.8, Nu2: 1, LR: 0.01, Eps: 1e-8, WeightDecay: 0.01})
		}},
		{"MADGRAD", []bool{false, false, true, false, false}, func(x [][]float64) error {
			return MADGRAD(x[0], x[1], x[2], x[3], x[4], MADGRADCoeffs{Lamb: 0.05, CK: 0.1, Eps: 1e-6})
		}},
		{"MADGRAD wd", []bool{false, false, true, false, false}, func(x [][]float64) error {
			return MADGRAD(x[0], x[1], x[2], x[3], x[4], MADGRADCoeffs{Lamb: 0.05, CK: 0.5, Eps: 1e-6, WeightDecay: 0.01})
		}},
		{"LambMoments+LambApply", []bool{false, false, false, true, false}, func(x [][]float64) error {
			c := LambCoeffs{Beta1: 0.9, Beta2: 0.999, Eps: 1e-6}
			pp, aa, err := LambMoments(x[0], x[1], x[2], x[3], c)
			x[4][0], x[4][1] = pp, aa
			if err != nil {
				return err
			}
			return LambApply(x[0], x[2], x[3], c, -0.01)
		}},
		{"LambMoments+LambApply wd", []bool{false, false, false, true, false}, func(x [][]float64) error {
			c := LambCoeffs{Beta1: 0.9, Beta2: 0.999, Eps: 1e-6, WeightDecay: 0.1}
			pp, aa, err := LambMoments(x[0], x[1], x[2], x[3], c)
			x[4][0], x[4][1] = pp, aa
			if err != nil {
				return err
			}
			return LambApply(x[0], x[2], x[3], c, -0.01)
		}},
		{"NormSq+NormsSq", []bool{false, false, false}, func(x [][]float64) error {
			a, b, err := NormsSq(x[0], x[1])
			x[2][0], x[2][1], x[2][2], x[2][3] = a, b, NormSq(x[0][:n-1]), SumSquares(x[1][:n-2])
			return err
		}},
		{"NovoGrad", []bool{false, false, false}, func(x [][]float64) error {
			return NovoGrad(x[0], x[1], x[2], NovoGradCoeffs{Denom: 3.5, Beta1: 0.95, LR: 0.01})
		}},
		{"NovoGrad wd averaging", []bool{false, false, false}, func(x [][]float64) error {
			return NovoGrad(x[0], x[1], x[2], NovoGradCoeffs{Denom: 3.5, Beta1: 0.9, LR: 0.01, WeightDecay: 0.01, Averaging: true})
		}},
		{"ScheduleFreeAdamW", []bool{false, false, false, false, false, true}, func(x [][]float64) error {
			return ScheduleFreeAdamW(x[0], x[1], x[2], x[3], x[4], x[5], nil, ScheduleFreeCoeffs{LR: 0.01, CKP1: 0.3, Beta1: 0.9, Beta2: 0.999, BC2: 0.01, Eps: 1e-8})
		}},
		{"ScheduleFreeAdamW decay at y", []bool{false, false, false, false, false, true}, func(x [][]float64) error {
			return ScheduleFreeAdamW(x[0], x[1], x[2], x[3], x[4], x[5], nil, ScheduleFreeCoeffs{LR: 0.01, CKP1: 0.3, Beta1: 0.9, Beta2: 0.999, BC2: 0.01, Eps: 1e-8, WeightDecay: 0.1})
		}},
		{"ScheduleFreeAdamW decay at z", []bool{false, false, false, false, false, true}, func(x [][]float64) error {
			return ScheduleFreeAdamW(x[0], x[1], x[2], x[3], x[4], x[5], nil, ScheduleFreeCoeffs{LR: 0.01, CKP1: 0.3, Beta1: 0.9, Beta2: 0.999, BC2: 0.01, Eps: 1e-8, WeightDecay: 0.1, DecayAtZ: true})
		}},
		{"ScheduleFreeSGD", []bool{false, false, false, false, false}, func(x [][]float64) error {
			return ScheduleFreeSGD(x[0], x[1], x[2], x[3], x[4], ScheduleFreeCoeffs{LR: 0.1, CKP1: 0.2, Beta1: 0.9})
		}},
		{"ScheduleFreeSGD wd", []bool{false, false, false, false, false}, func(x [][]float64) error {
			return ScheduleFreeSGD(x[0], x[1], x[2], x[3], x[4], ScheduleFreeCoeffs{LR: 0.1, CKP1: 0.2, Beta1: 0.5, WeightDecay: 0.01})
		}},
		{"LARS momentum", []bool{false, false, false}, func(x [][]float64) error {
			return LARS(x[0], x[1], x[2], LARSCoeffs{Momentum: 0.9, Dampening: 0.1, LR: 0.1})
		}},
		{"LARS scaled nesterov", []bool{false, false, false}, func(x [][]float64) error {
			return LARS(x[0], x[1], x[2], LARSCoeffs{Scale: 0.03, Scaled: true, WeightDecay: 0.01, Momentum: 0.9, LR: 0.1, Nesterov: true})
		}},
	}
	for _, k := range kernels {
		for trial := 0; trial < 3; trial++ {
			in := make([][]float64, len(k.positive))
			for i, pos := range k.positive {
				in[i] = extInputs(r, 1, n, pos)[0]
			}
			// Go loops only, then AVX2 only, then with AVX-512 where the CPU has it.
			had512 := useAVX512
			var outs [][][]float64
			for _, mode := range []struct{ fma, avx512 bool }{{false, false}, {true, false}, {true, had512}} {
				out := clone(in)
				useFMA, useAVX512 = mode.fma, mode.avx512
				err := k.run(out)
				useFMA, useAVX512 = true, had512
				if err != nil {
					t.Fatalf("%s: %v", k.name, err)
				}
				outs = append(outs, out)
			}
			for m, out := range outs[1:] {
				for j := range out {
					if i := firstDiff(out[j], outs[0][j]); i >= 0 {
						t.Fatalf("%s: output %d differs at %d: assembly (mode %d) %v, Go %v (input %v)", k.name, j, i, m+1, out[j][i], outs[0][j][i], in[j][i])
					}
				}
			}
		}
	}
}

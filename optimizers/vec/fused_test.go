package vec

import "testing"

// Each case is one element worked out by hand from the kernel's documented formula, with
// numbers chosen so every intermediate is exact.
func TestFusedKernels(t *testing.T) {
	type bufs = [][]float64
	tests := []struct {
		name string
		run  func(b bufs) error
		in   bufs // p, g, then the kernel's buffers
		want bufs
	}{
		{"SGD plain", func(b bufs) error { return SGD(b[0], b[1], nil, SGDCoeffs{LR: 0.5}) },
			bufs{{1}, {2}}, bufs{{0}, {2}}},
		{"SGD maximize", func(b bufs) error { return SGD(b[0], b[1], nil, SGDCoeffs{LR: 0.5, Maximize: true}) },
			bufs{{1}, {2}}, bufs{{2}, {2}}},
		{"SGD weight decay", func(b bufs) error { return SGD(b[0], b[1], nil, SGDCoeffs{LR: 0.5, WeightDecay: 1}) },
			bufs{{1}, {2}}, bufs{{-0.5}, {2}}},
		{"SGD momentum", func(b bufs) error { return SGD(b[0], b[1], b[2], SGDCoeffs{LR: 0.5, Momentum: 0.5}) },
			bufs{{1}, {2}, {2}}, bufs{{-0.5}, {2}, {3}}},
		{"SGD first step copies without dampening", func(b bufs) error {
			return SGD(b[0], b[1], b[2], SGDCoeffs{LR: 0.5, Momentum: 0.5, Dampening: 0.5, First: true})
		}, bufs{{1}, {2}, {99}}, bufs{{0}, {2}, {2}}},
		{"SGD nesterov", func(b bufs) error { return SGD(b[0], b[1], b[2], SGDCoeffs{LR: 0.5, Momentum: 0.5, Nesterov: true}) },
			bufs{{1}, {2}, {2}}, bufs{{-0.75}, {2}, {3}}},
		{"Adam", func(b bufs) error {
			return Adam(b[0], b[1], b[2], b[3], nil, AdamCoeffs{Beta1: 0.5, Beta2: 0.75, StepSize: 1, BC2Sqrt: 1})
		}, bufs{{1}, {2}, {0}, {0}}, bufs{{0}, {2}, {1}, {1}}},
		{"Adam amsgrad", func(b bufs) error {
			return Adam(b[0], b[1], b[2], b[3], b[4], AdamCoeffs{Beta1: 0.5, Beta2: 0.75, StepSize: 1, BC2Sqrt: 1})
		}, bufs{{1}, {2}, {0}, {0}, {4}}, bufs{{0.5}, {2}, {1}, {1}, {4}}},
		{"AdamW decay first", func(b bufs) error {
			return Adam(b[0], b[1], b[2], b[3], nil, AdamCoeffs{Beta1: 0.5, Beta2: 0.75, StepSize: 1, BC2Sqrt: 1, Decay: 0.5})
		}, bufs{{1}, {2}, {0}, {0}}, bufs{{-0.5}, {2}, {1}, {1}}},
		{"RMSprop", func(b bufs) error { return RMSprop(b[0], b[1], b[2], nil, nil, RMSpropCoeffs{LR: 1, Alpha: 0.75}) },
			bufs{{1}, {2}, {0}}, bufs{{-1}, {2}, {1}}},
		{"RMSprop momentum", func(b bufs) error {
			return RMSprop(b[0], b[1], b[2], nil, b[3], RMSpropCoeffs{LR: 1, Alpha: 0.75, Momentum: 0.5})
		}, bufs{{1}, {2}, {0}, {2}}, bufs{{-2}, {2}, {1}, {3}}},
		{"RMSprop centered", func(b bufs) error {
			return RMSprop(b[0], b[1], b[2], b[3], nil, RMSpropCoeffs{LR: 1, Alpha: 0.5, Centered: true})
		}, bufs{{1}, {2}, {6}, {2}}, bufs{{-1}, {2}, {5}, {2}}},
		{"Adagrad", func(b bufs) error { return Adagrad(b[0], b[1], b[2], AdagradCoeffs{CLR: 3}) },
			bufs{{1}, {2}, {5}}, bufs{{-1}, {2}, {9}}},
		{"Adadelta", func(b bufs) error { return Adadelta(b[0], b[1], b[2], b[3], AdadeltaCoeffs{LR: 1, Rho: 0.75}) },
			bufs{{1}, {2}, {0}, {4}}, bufs{{-3}, {2}, {1}, {7}}},
		{"Adamax", func(b bufs) error {
			return Adamax(b[0], b[1], b[2], b[3], AdamaxCoeffs{Beta1: 0.5, Beta2: 0.5, CLR: 1})
		},
			bufs{{1}, {-2}, {0}, {1}}, bufs{{1.5}, {-2}, {-1}, {2}}},
		{"NAdam", func(b bufs) error {
			return NAdam(b[0], b[1], b[2], b[3], NAdamCoeffs{Beta1: 0.5, Beta2: 0.75, BC2Sqrt: 1, GradCoef: -1, MomCoef: -0.5})
		}, bufs{{1}, {2}, {0}, {0}}, bufs{{-1.5}, {2}, {1}, {1}}},
		{"RAdam warm-up", func(b bufs) error {
			return RAdam(b[0], b[1], b[2], b[3], RAdamCoeffs{Beta1: 0.5, Beta2: 0.75, BC1: 0.5, LR: 1})
		},
			bufs{{1}, {2}, {0}, {0}}, bufs{{-1}, {2}, {1}, {1}}},
		{"RAdam adaptive", func(b bufs) error {
			return RAdam(b[0], b[1], b[2], b[3], RAdamCoeffs{Beta1: 0.5, Beta2: 0.75, BC1: 0.5, BC2Sqrt: 1, LR: 1, Rect: 0.5, Adaptive: true})
		}, bufs{{1}, {2}, {0}, {0}}, bufs{{0}, {2}, {1}, {1}}},
		{"Lion", func(b bufs) error {
			return Lion(b[0], b[1], b[2], LionCoeffs{LR: 0.5, Beta1: 0.5, Beta2: 0.25, Decay: 0.5})
		},
			bufs{{1}, {2}, {-4}}, bufs{{1}, {2}, {0.5}}},
		{"ASGD averaging", func(b bufs) error { return ASGD(b[0], b[1], b[2], ASGDCoeffs{Eta: 0.5, Mu: 0.5, Lambd: 1}) },
			bufs{{1}, {2}, {0}}, bufs{{-0.5}, {2}, {-0.25}}},
		{"ASGD before averaging", func(b bufs) error { return ASGD(b[0], b[1], b[2], ASGDCoeffs{Eta: 0.5, Mu: 1, Lambd: 1}) },
			bufs{{1}, {2}, {7}}, bufs{{-0.5}, {2}, {-0.5}}},
		{"Rprop grow, shrink, keep", func(b bufs) error {
			return Rprop(b[0], b[1], b[2], b[3], RpropCoeffs{EtaMinus: 0.5, EtaPlus: 2, StepMin: 0.1, StepMax: 1.5})
		}, bufs{{1, 1, 1}, {2, -2, 0}, {1, 1, 1}, {1, 1, 1}}, bufs{{-0.5, 1, 1}, {2, -2, 0}, {2, 0, 0}, {1.5, 0.5, 1}}},
	}
	for _, tt := range tests {
		b := make(bufs, len(tt.in))
		for i := range tt.in {
			b[i] = append([]float64(nil), tt.in[i]...)
		}
		if err := tt.run(b); err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		for i := range b {
			if !equal(b[i], tt.want[i]) {
				t.Errorf("%s: slice %d = %v, want %v (all: %v)", tt.name, i, b[i], tt.want[i], b)
			}
		}
	}
}

func TestMomentsMatchesEMAs(t *testing.T) {
	m, v, g := []float64{1, -2}, []float64{0.5, 3}, []float64{0.3, -0.7}
	m2, v2 := append([]float64(nil), m...), append([]float64(nil), v...)
	if err := Moments(m, v, 0.9, 0.99, g); err != nil {
		t.Fatal(err)
	}
	_ = EMA(m2, 0.9, g)
	_ = EMASq(v2, 0.99, g)
	if !equal(m, m2) || !equal(v, v2) {
		t.Errorf("Moments = %v %v, separate EMAs = %v %v", m, v, m2, v2)
	}
}

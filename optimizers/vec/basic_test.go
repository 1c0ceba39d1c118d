package vec

import (
	"math"
	"strings"
	"testing"
)

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

var nan = math.NaN()

func TestElementwise(t *testing.T) {
	tests := []struct {
		name string
		run  func(x []float64) error
		in   []float64
		want []float64
	}{
		{"Axpy", func(x []float64) error { return Axpy(x, 2, []float64{1, -1, 0.5}) }, []float64{1, 2, 3}, []float64{3, 0, 4}},
		{"AxpyTo", func(x []float64) error { return AxpyTo(x, []float64{1, 1, 1}, -1, []float64{1, 2, 3}) }, []float64{9, 9, 9}, []float64{0, -1, -2}},
		{"Scale", func(x []float64) error { Scale(x, -2); return nil }, []float64{1, 0.5, -3}, []float64{-2, -1, 6}},
		{"AddConst", func(x []float64) error { AddConst(x, 0.5); return nil }, []float64{1, -0.5}, []float64{1.5, 0}},
		{"Fill", func(x []float64) error { Fill(x, 7); return nil }, []float64{1, 2}, []float64{7, 7}},
		{"Mul", func(x []float64) error { return Mul(x, x, []float64{2, 3, -1}) }, []float64{1, 2, 3}, []float64{2, 6, -3}},
		{"Div", func(x []float64) error { return Div(x, x, []float64{2, 0, -4}) }, []float64{1, 2, 2}, []float64{0.5, math.Inf(1), -0.5}},
		{"AddCMul", func(x []float64) error { return AddCMul(x, 0.5, []float64{2, 4}, []float64{3, -1}) }, []float64{1, 1}, []float64{4, -1}},
		{"AddCDiv", func(x []float64) error { return AddCDiv(x, -1, []float64{2, 4}, []float64{4, 8}) }, []float64{1, 1}, []float64{0.5, 0.5}},
		{"Sqrt", func(x []float64) error { return Sqrt(x, x) }, []float64{4, 2.25, 0, -1}, []float64{2, 1.5, 0, nan}},
		{"Abs", func(x []float64) error { return Abs(x, x) }, []float64{-4, 2, math.Copysign(0, -1)}, []float64{4, 2, 0}},
		{"Sign", func(x []float64) error { return Sign(x, x) }, []float64{-4, 2, 0, nan}, []float64{-1, 1, 0, nan}},
		{"Clamp", func(x []float64) error { Clamp(x, -1, 2); return nil }, []float64{-4, 0.5, 3, nan}, []float64{-1, 0.5, 2, nan}},
		{"Clamp lo>hi gives hi", func(x []float64) error { Clamp(x, 2, 1); return nil }, []float64{0, 5}, []float64{1, 1}},
		{"Maximum", func(x []float64) error { return Maximum(x, x, []float64{2, 2, nan}) }, []float64{1, 3, 1}, []float64{2, 3, nan}},
		{"EMA", func(x []float64) error { return EMA(x, 0.75, []float64{4, -4}) }, []float64{0, 8}, []float64{1, 5}},
		{"EMASq", func(x []float64) error { return EMASq(x, 0.5, []float64{2, -4}) }, []float64{2, 0}, []float64{3, 8}},
	}
	for _, tt := range tests {
		x := append([]float64(nil), tt.in...)
		if err := tt.run(x); err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !equal(x, tt.want) {
			t.Errorf("%s(%v) = %v, want %v", tt.name, tt.in, x, tt.want)
		}
	}
}

func TestLengthMismatchIsAnErrorAndChangesNothing(t *testing.T) {
	a, b := []float64{1, 2, 3}, []float64{1, 2}
	calls := map[string]func() error{
		"Axpy":     func() error { return Axpy(a, 1, b) },
		"AxpyTo":   func() error { return AxpyTo(a, a, 1, b) },
		"Mul":      func() error { return Mul(a, a, b) },
		"Div":      func() error { return Div(a, b, a) },
		"AddCMul":  func() error { return AddCMul(a, 1, a, b) },
		"AddCDiv":  func() error { return AddCDiv(a, 1, b, a) },
		"Sqrt":     func() error { return Sqrt(a, b) },
		"Abs":      func() error { return Abs(a, b) },
		"Sign":     func() error { return Sign(b, a) },
		"Maximum":  func() error { return Maximum(a, a, b) },
		"EMA":      func() error { return EMA(a, 0.9, b) },
		"EMASq":    func() error { return EMASq(a, 0.9, b) },
		"Moments":  func() error { return Moments(a, a, 0.9, 0.9, b) },
		"Dot":      func() error { _, err := Dot(a, b); return err },
		"SGD":      func() error { return SGD(a, a, b, SGDCoeffs{Momentum: 0.9}) },
		"Adam":     func() error { return Adam(a, a, a, a, b, AdamCoeffs{}) },
		"RMSprop":  func() error { return RMSprop(a, a, a, b, nil, RMSpropCoeffs{Centered: true}) },
		"Adagrad":  func() error { return Adagrad(a, b, a, AdagradCoeffs{}) },
		"Adadelta": func() error { return Adadelta(a, a, a, b, AdadeltaCoeffs{}) },
		"Adamax":   func() error { return Adamax(a, a, b, a, AdamaxCoeffs{}) },
		"NAdam":    func() error { return NAdam(a, a, a, b, NAdamCoeffs{}) },
		"RAdam":    func() error { return RAdam(a, a, b, a, RAdamCoeffs{}) },
		"Lion":     func() error { return Lion(a, b, a, LionCoeffs{}) },
		"Rprop":    func() error { return Rprop(a, a, a, b, RpropCoeffs{}) },
		"ASGD":     func() error { return ASGD(a, b, a, ASGDCoeffs{}) },
	}
	for name, call := range calls {
		err := call()
		if err == nil || !strings.Contains(err.Error(), "vec."+name) || !strings.Contains(err.Error(), "differ") || !strings.Contains(err.Error(), "2") {
			t.Errorf("%s with lengths 3 and 2: err = %v, want an error naming the kernel and lengths", name, err)
		}
		if !equal(a, []float64{1, 2, 3}) || !equal(b, []float64{1, 2}) {
			t.Fatalf("%s changed its inputs on error: %v %v", name, a, b)
		}
	}
}

func TestNormDotSum(t *testing.T) {
	x := []float64{3, -4, 0}
	tests := []struct {
		p, want float64
	}{
		{2, 5}, {1, 7}, {math.Inf(1), 4}, {math.Inf(-1), 0}, {0, 2}, {3, math.Cbrt(91)},
	}
	for _, tt := range tests {
		if got := Norm(x, tt.p); math.Abs(got-tt.want) > 1e-15*tt.want {
			t.Errorf("Norm(%v, %v) = %v, want %v", x, tt.p, got, tt.want)
		}
	}
	if got := Norm(nil, 2); got != 0 {
		t.Errorf("Norm(nil, 2) = %v, want 0", got)
	}
	if got := Norm([]float64{-2, 1, nan}, math.Inf(1)); !math.IsNaN(got) {
		t.Errorf("inf-norm with NaN = %v, want NaN", got)
	}
	if d, err := Dot([]float64{1, 2, 3}, []float64{4, -5, 0.5}); err != nil || d != -4.5 {
		t.Errorf("Dot = %v, %v; want -4.5", d, err)
	}
	if s := Sum([]float64{1, 2, 3.5}); s != 6.5 {
		t.Errorf("Sum = %v, want 6.5", s)
	}
}

func TestPowIsCorrectlyRounded(t *testing.T) {
	// Exact powers, and values from Python's decimal module at 80 digits applied to the
	// exact binary inputs, then rounded to float64: 0.999**50 and 0.9**1000.
	tests := []struct {
		x    float64
		n    int
		want float64
	}{
		{2, 10, 1024}, {0.5, 3, 0.125}, {-3, 3, -27}, {2, -2, 0.25}, {7, 0, 1}, {0, 5, 0},
		{0.999, 50, 0.9512056281970314},
		{0.9, 1000, 1.7478712517226947e-46},
	}
	for _, tt := range tests {
		if got := Pow(tt.x, tt.n); got != tt.want {
			t.Errorf("Pow(%v, %d) = %.17g, want %.17g", tt.x, tt.n, got, tt.want)
		}
	}
	if got := BiasCorrection(0.5, 2); got != 0.75 {
		t.Errorf("BiasCorrection(0.5, 2) = %v, want 0.75", got)
	}
}

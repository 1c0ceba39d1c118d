package testfunc

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers"
)

// Quadratic returns f(x) = ½xᵀAx − bᵀx, with gradient Ax − b, for a symmetric n×n A.
// Sums run left to right, as f = Σ_i x_i(½(Ax)_i − b_i), so that the golden quadratic of
// torch's reference file is reproduced bit for bit. Start is all ones. When A is positive
// definite, Minima holds the unique minimiser A⁻¹b and MinValue −½bᵀA⁻¹b; otherwise
// Minima is empty (f is unbounded below or has a flat valley).
func Quadratic(a [][]float64, b []float64) (optimizers.Problem, error) {
	n := len(b)
	if n == 0 {
		return optimizers.Problem{}, fmt.Errorf("testfunc.Quadratic: b is empty")
	}
	if len(a) != n {
		return optimizers.Problem{}, fmt.Errorf("testfunc.Quadratic: A has %d rows, b has %d entries", len(a), n)
	}
	A := make([][]float64, n)
	for i, row := range a {
		if len(row) != n {
			return optimizers.Problem{}, fmt.Errorf("testfunc.Quadratic: row %d of A has %d entries, want %d", i, len(row), n)
		}
		A[i] = append([]float64(nil), row...)
	}
	for i := range A {
		for j := 0; j < i; j++ {
			if A[i][j] != A[j][i] {
				return optimizers.Problem{}, fmt.Errorf("testfunc.Quadratic: A is not symmetric: A[%d][%d]=%v but A[%d][%d]=%v", i, j, A[i][j], j, i, A[j][i])
			}
		}
	}
	B := append([]float64(nil), b...)
	ax := func(x []float64, i int) float64 {
		s := 0.0
		for j, v := range A[i] {
			s += v * x[j]
		}
		return s
	}
	p := optimizers.Problem{
		Name: fmt.Sprintf("quadratic(%d)", n),
		Func: func(x []float64) float64 {
			s := 0.0
			for i := range B {
				s = s + x[i]*(0.5*ax(x, i)-B[i])
			}
			return s
		},
		Grad: func(g, x []float64) {
			// Every (Ax)_i is read from x before g is written, in case g aliases x.
			for i := range B {
				g[i] = ax(x, i) - B[i]
			}
		},
		Start: ones(n),
	}
	if xs, ok := solveSPD(A, B); ok {
		p.Minima = [][]float64{xs}
		p.MinValue = p.Func(xs)
		// Frame both the start (ones) and the minimiser, with a margin.
		p.Bounds = make([][2]float64, n)
		for i, v := range xs {
			p.Bounds[i] = [2]float64{math.Min(v, 1) - 2, math.Max(v, 1) + 2}
		}
	}
	return p, nil
}

// solveSPD solves Ax = b by Cholesky factorisation, and reports false when A is not
// positive definite.
func solveSPD(a [][]float64, b []float64) ([]float64, bool) {
	n := len(b)
	l := make([][]float64, n)
	for i := range l {
		l[i] = make([]float64, n)
		for j := 0; j <= i; j++ {
			s := a[i][j]
			for k := 0; k < j; k++ {
				s -= l[i][k] * l[j][k]
			}
			if i == j {
				if !(s > 0) {
					return nil, false
				}
				l[i][i] = math.Sqrt(s)
			} else {
				l[i][j] = s / l[j][j]
			}
		}
	}
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		s := b[i]
		for k := 0; k < i; k++ {
			s -= l[i][k] * y[k]
		}
		y[i] = s / l[i][i]
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := y[i]
		for k := i + 1; k < n; k++ {
			s -= l[k][i] * x[k]
		}
		x[i] = s / l[i][i]
	}
	return x, true
}

func ones(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = 1
	}
	return x
}

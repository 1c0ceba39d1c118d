package gemm_test

import (
	"fmt"

	"github.com/descentlab/descent/optimizers/internal/gemm"
	"gonum.org/v1/gonum/blas"
)

// The Gram matrix AᵀA of a 3 x 2 matrix, and then 2*A*Aᵀ - I, as a Newton–Schulz step
// would form them: op(A) is chosen by the transpose flags, never by copying.
func ExampleDgemm() {
	a := []float64{
		1, 2,
		3, 4,
		5, 6,
	}
	gram := make([]float64, 2*2)
	gemm.Dgemm(blas.Trans, blas.NoTrans, 2, 2, 3, 1, a, 2, a, 2, 0, gram, 2)
	fmt.Println(gram)

	outer := []float64{
		-1, 0, 0,
		0, -1, 0,
		0, 0, -1,
	}
	gemm.Dgemm(blas.NoTrans, blas.Trans, 3, 3, 2, 2, a, 2, a, 2, 1, outer, 3)
	fmt.Println(outer)
	// Output:
	// [35 44 44 56]
	// [9 22 34 22 49 78 34 78 121]
}

// Package gemm multiplies float64 matrices fast enough to train small networks on a CPU:
// a register-blocked micro-kernel (AVX2 and FMA assembly on amd64, portable Go
// elsewhere) that keeps a 6x8 tile of the product in registers, with fused epilogues
// for dense layers.
//
// Dgemm is the plain product C = alpha*op(A)*op(B) + beta*C on row-major slices, with
// gonum's signature. Forward, BackwardInput and BackwardWeights are the three products a
// dense layer needs in training, with the bias, the activation and its derivative folded
// into the pass that writes each tile.
//
// Every element of a product is one chain of fused multiply-adds over the inner
// dimension, in the same order whichever tile, goroutine or kernel (assembly or Go)
// computes it, so results are bit-identical on any number of cores and with or without
// the assembly.
package gemm

//go:build amd64 && !purego

package gemm

// useAsm is whether the AVX2 kernel runs; tests turn it off to check the Go kernel.
var useAsm = hasAVX2FMA()

func hasAVX2FMA() bool

// kernelAVX2 is the 6x8 micro-kernel of kernel_amd64.s.
//
//go:noescape
func kernelAVX2(k *kargs)

// fmaLoop runs n rounds of 12 independent 4-lane fused multiply-adds (96 flops a round).
func fmaLoop(n int)

// peakFlopsPerRound is what one round of fmaLoop computes.
const peakFlopsPerRound = 96

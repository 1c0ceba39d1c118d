// Package model holds trainable models whose parameters live in one flat []float64.
//
// Every layer's weights and biases are views into that one vector, so any optimizer steps
// a whole model with a single call, and a backward pass returns a gradient of the same
// length and layout. A batch is a flat row-major []float64 of n rows; all matrix work runs
// compiled through register-blocked kernels (AVX2 assembly on amd64) with the bias and
// activation fused into each layer's product, so a notebook never loops over elements.
//
// Layout of a dense layer from a inputs to b outputs: the a*b weights row by row (weight
// [i][j] connects input i to output j), then the b biases. Layers follow each other.
//
// Forward and Backward reuse workspaces sized for the largest batch seen, so steps do not
// allocate once the batch size is stable. Large products are shared among a pool of
// worker goroutines in a way that gives bit-identical results on any number of cores. A
// model is not safe for use by several goroutines at once; separate models are.
package model

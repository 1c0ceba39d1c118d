// Package vec holds the vector kernels Descent's optimizers are built from: scaled adds,
// elementwise products and quotients, moving averages of g and g*g, norms, and fused
// one-pass updates for the built-in optimizers.
//
// The kernels exist so that optimizers written in a notebook (interpreted by yaegi, where a
// per-element loop is about 100 times slower than compiled code) can work per vector and
// stay close to compiled speed. The built-in optimizers call the same fused kernels, so a
// plugin that calls vec.Adam gets exactly the built-in Adam update.
//
// Every kernel works in place on plain []float64 and evaluates each element in the
// operation order of torch.optim 1.13 (documented per kernel), so results match torch to
// the last bit except where torch fuses a multiply-add. On amd64 with AVX, SGD (with
// momentum), Adam and RMSprop run four lanes per instruction; every lane rounds exactly
// as the scalar loop does, so the bits are the same. Kernels never allocate. Slices
// whose lengths differ are reported as an error naming the arguments, never a panic, and
// nothing is changed then.
package vec

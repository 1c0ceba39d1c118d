// Package optimizers is Descent's compiled optimization library: torch.optim-exact
// optimizers over a flat parameter vector, learning-rate schedules, gradient transforms
// and the vector kernels they are built from.
//
// It is ordinary Go with no kernel or interpreter dependency. Its exported API is shaped so
// that code interpreted by yaegi can use it and extend it: no generics, small interfaces of
// exported methods, concrete []float64 slices, and factories that return interfaces.
package optimizers

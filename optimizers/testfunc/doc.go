// Package testfunc provides classic optimisation test functions with analytic gradients,
// for teaching and for checking optimizers: quadratics, Rosenbrock, Beale, Himmelblau,
// Booth, Rastrigin and Ackley.
//
// Each constructor returns an optimizers.Problem whose Start is a customary starting
// point, whose Minima and MinValue hold the known global minima (to mark on plots and to
// test against), and whose Bounds frame the usual plotting region.
package testfunc

// Package explore runs several optimizers, schedules or learning rates on one problem and
// shows how they compare.
//
// Compare runs optimizers on a Problem (a test function from package testfunc, or your
// own) and CompareFit on a model, a loss and data; every run starts from the same point
// (the same initial parameters, the same shuffling seed) with the same budget. The result
// is plain data (one Run per optimizer, with its losses and, for Minimize, its path) that
// also shows itself in a notebook: a table of final and best loss, steps, time and status,
// the loss per step on a log scale and, for two-dimensional problems, the paths over a
// filled contour map.
//
//	cmp, err := explore.Compare(testfunc.Rosenbrock(), nil, []explore.Spec{
//		explore.Opt("sgd", map[string]any{"lr": 0.001, "momentum": 0.9}),
//		explore.Opt("adam", map[string]any{"lr": 0.02}),
//		explore.Opt("mymomentum", nil).WithSchedule("cosine", map[string]any{"T_max": 3000}),
//	}, opt.Settings{MaxIter: 3000})
//	cmp // the table and the plots
//
// CompareSchedules plots several schedules' learning rates side by side, and FindLR (on
// a model) and FindLRProblem (on a Problem) run the learning-rate range test that fastai
// made popular: one short run with the rate rising exponentially, the loss against the
// rate, and a suggested rate where the loss falls fastest.
//
// Everything here takes names and maps, so cells and plugins use it as they use
// optimizers.New; optimizers and schedules registered from a cell work like built-ins.
// In a notebook each call shows a progress bar while it runs.
package explore

// Package golden replays torch.optim reference trajectories against the optimizers,
// schedules and LBFGS of package optimizers. It holds only tests; run it with
//
//	go test ./optimizers/golden -golden=PATH
//
// where PATH defaults to the development file ../shared/golden/torch-dev.json beside the
// repository. Every case in the file given must replay; only ids containing "[legacy" (a
// torch 1.13 NAdam bug that later torch fixed) are skipped.
package golden

// Package golden replays reference trajectories against the optimizers of package
// optimizers: torch.optim 1.13's (shared/golden/torch-dev.json, with the schedules and
// LBFGS) and those beyond torch.optim, from torch_optimizer, schedule_free and Muon
// (shared/golden/ext/ext-dev.json). ReplayCase replays one optimizer case through the
// registry, so a plugin registered under a case's optimizer name replays too. Run
//
//	go test ./optimizers/golden -golden=PATH -golden-ext=PATH
//
// where the paths default to the two development files beside the repository; either
// flag takes either kind of file (the full ones too), and an empty path skips it. Every
// case in the files given must replay; only ids containing "[legacy" (a torch 1.13 NAdam
// bug that later torch fixed) and optimizers shipped as plugins (AdaBelief, replayed by
// the plugin's test) are skipped.
package golden

// Package optimizers is Descent's compiled optimization library: torch.optim-exact
// optimizers over a flat parameter vector, learning-rate schedules, gradient transforms
// and the vector kernels they are built from.
//
// It is ordinary Go with no kernel or interpreter dependency. Its exported API is shaped so
// that code interpreted by yaegi can use it and extend it: no generics, small interfaces of
// exported methods, concrete []float64 slices, and factories that return interfaces.
//
// # Built-in optimizers
//
// SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, NAdam and RAdam follow torch.optim
// 1.13 (foreach=False) operation by operation, so trajectories agree with torch to about
// 1e-16 (torch fuses some multiply-adds; Go on amd64 does not). NAdam uses the corrected
// formula of torch >= 2.0. Rprop and ASGD (also torch 1.13) and Lion complete the set.
// Hyper-parameters carry torch's names and defaults and are read at every Step, so
// schedules can change them; state buffers carry torch's state names. Build them with
// their constructors (NewAdam, ...), by name with New, or in parameter groups with
// NewGroups; Register adds new kinds.
//
// # Constructing optimizers
//
// There are two ways, and they give the same optimizer:
//
//	o := optimizers.NewAdam()                  // torch's defaults, as torch.optim.Adam(params)
//	err := o.Hyper().SetAll(map[string]any{"lr": 1e-3, "betas": []float64{0.9, 0.99}})
//
//	o, err := optimizers.New("adam", map[string]any{"lr": 1e-3, "betas": []float64{0.9, 0.99}})
//
// NewX() takes no arguments and cannot fail; change a setting afterwards with
// o.Hyper().Set or SetAll, which validate it and return an error naming the culprit. New
// does both steps at once, by name, and also builds plugins added with Register. Three
// constructors differ, each for a reason: NewSGD(lr) takes the learning rate because
// torch requires it and has no default (New uses DefaultSGDLR when hyper has no "lr");
// NewLBFGS(hyper) takes the settings and returns an error because "line_search_fn" is a
// string, not a Hyper value, and max_eval's default is derived from max_iter when it is
// built; NewGroups(groups) returns an error because the groups can be inconsistent.
// LBFGS, like torch's, steps only with a closure that re-evaluates the objective: drive
// it with Minimize (or StepClosure), not Step or train.Fit.
//
// # Performance
//
// A step is one fused pass over the parameters (AVX on amd64 for SGD with momentum, Adam
// and RMSprop), split across all cores by a persistent worker pool once the vector has
// 32768 elements or more, and it does not allocate. Memory bandwidth is the limit for
// large vectors; BenchmarkTriad measures it with the same pool. Median (best) of five
// runs of
//
//	go test ./optimizers -run X -bench 'Step|Triad' -benchtime 10x -count 5
//
// on the development machine (2 vCPU AMD EPYC VM shared with other jobs, load average
// near 5, so single runs vary by up to 2x), in ns per parameter for one Step:
//
//	               words  N=1e5        N=1e6        N=1e7        floor 1e7  vs floor  torch 1.13
//	triad a=b+s*c  3      0.61 (0.38)  0.62 (0.49)  0.84 (0.74)  -          -         -
//	SGD momentum   5      1.76 (0.62)  0.95 (0.84)  0.69 (0.64)  1.40       0.49x     3.3
//	Adam           7      1.35 (1.28)  0.95 (0.80)  1.33 (1.29)  1.96       0.68x     21
//	AdamW          7      1.95 (1.37)  1.61 (1.41)  1.75 (0.91)  1.96       0.89x     24
//	RMSprop        5      1.43 (1.16)  1.12 (1.05)  1.06 (1.04)  1.40       0.76x     13
//
// The floor is words per parameter times the triad's median time per word, counting the
// triad's 3 words per element as STREAM does. A step can beat it because the triad's
// store also reads its cache line first (4 words of traffic), while a step stores only
// to lines it has just read. torch 1.13 figures are one thread at N=1e7.
package optimizers

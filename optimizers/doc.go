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
// # Beyond torch.optim: optimizers for large models
//
// Lamb and LARS (layer-wise trust ratios for huge batches), Yogi, AdaBound, MADGRAD,
// NovoGrad, QHAdam, Lookahead (around any optimizer, a plugin too), Adafactor (factored
// second moments), Shampoo (per-dimension preconditioners), the reference Schedule-Free
// AdamW and SGD, and Muon (orthogonalised updates of weight matrices, with Adam for the
// rest) follow their reference implementations (torch_optimizer, schedule_free,
// KellerJordan/Muon) operation by operation, fusing multiply-adds where torch does, under
// the references' class and hyper-parameter names. On the reference trajectories most
// agree to the last bit; see package golden.
//
// Three small interfaces serve them, each with a function that also sees through
// Transformed, Lookahead and parameter groups, so callers never type-assert:
//
//   - Shapes. Layer-wise and matrix optimizers implement Shaped and need the parameter
//     tensors: SetShapes(o, ts) gives them a []Tensor ({Name, Offset, Shape}), which
//     models report through TensorSource (model.Net.Tensors) and Layout builds by hand.
//     Flat optimizers ignore it.
//   - Evaluation point. Schedule-Free trains at y but converges in the average x;
//     EvalParams(o, dst, params) writes the point to validate and report (params itself
//     for every other optimizer), and HasEvalPoint says whether there is one. The
//     parameter vector always holds y, where Step takes the gradient; x is read, never
//     swapped in by Step. train.Fit validates at x and puts y back; Minimize iterates at
//     y and reports X and F at x; after training, EvalParams(o, p, p) moves p to x for
//     deployment. See AdamWScheduleFree for the semantics.
//   - Memory. StateWords(o) counts the float64 values o keeps in its State (and in the
//     States of the optimizers it wraps): 0 per parameter for SGD, 1 for momentum, 2 for
//     Adam, about (rows+cols)/(rows·cols) for Adafactor on a matrix.
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
// large vectors; BenchmarkTriad measures it with the same pool. Median of five runs of
//
//	go test ./optimizers -run X -bench 'Step|Triad' -benchtime 20x -count 5
//
// on the development machine (2 vCPU VM, otherwise quiet), in ns per parameter for one
// Step:
//
//	               words  N=1e5  N=1e6  N=1e7  floor at 1e7  step/floor  torch 1.13, 1 thread
//	triad a=b+s*c  3+1    0.445  0.351  0.393  -             -           -
//	SGD momentum   5      0.464  0.438  0.476  0.491         0.97x       3.3
//	Adam           7      1.417  0.797  0.619  0.688         0.90x       21
//	AdamW          7      1.510  0.832  0.637  0.688         0.93x       24
//	RMSprop        5      0.830  0.614  0.490  0.491         1.00x       13
//
// The floor is the words a step must move per parameter times the triad's time per word
// of traffic. The triad moves 4 words per element: b and c read, a written, and a read
// first because a store to a cache line not in cache loads it; a step stores only to
// lines it has just read. Counting the triad as 3 words, as STREAM reports it, makes every
// floor 4/3 larger and the ratios 0.73x to 0.75x. torch 1.13 figures are one thread at
// N=1e7 on this kind of machine, so a step here is 21 to 34 times faster than torch's.
//
// The elementwise and layer-wise optimizers beyond torch.optim have AVX2+FMA kernels
// (AVX-512 for MADGRAD's cube roots) that give the same bits as their Go loops;
// BenchmarkStepExt times each against its own floor, the triad's time per word times
// the words the step moves, measured in the same run:
//
//	go test ./optimizers -run X -bench 'StepExt/.*N=1e\+07' -benchtime 10x -count 3
package optimizers

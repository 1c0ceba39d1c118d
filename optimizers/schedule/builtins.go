package schedule

import (
	"fmt"

	"github.com/descentlab/descent/optimizers"
)

// builtins lists the schedules New knows, each with its aliases and a factory that reads
// torch's keyword arguments.
var builtins = []struct {
	name    string
	aliases []string
	f       Factory
}{
	{"StepLR", []string{"step"}, newStepLR},
	{"MultiStepLR", []string{"multistep"}, newMultiStepLR},
	{"ConstantLR", []string{"constant"}, newConstantLR},
	{"LinearLR", []string{"linear"}, newLinearLR},
	{"ExponentialLR", []string{"exponential", "exp"}, newExponentialLR},
	{"PolynomialLR", []string{"polynomial", "poly"}, newPolynomialLR},
	{"CosineAnnealingLR", []string{"cosine", "cosine_annealing", "cos"}, newCosineAnnealingLR},
	{"CosineAnnealingWarmRestarts", []string{"cosine_warm_restarts", "warm_restarts", "sgdr"}, newWarmRestarts},
	{"CyclicLR", []string{"cyclic", "clr"}, newCyclicLR},
	{"OneCycleLR", []string{"onecycle", "one_cycle", "1cycle"}, newOneCycleLR},
	{"ReduceLROnPlateau", []string{"plateau", "reduce_on_plateau"}, newPlateau},
	{"SequentialLR", []string{"sequential"}, newSequentialLR},
	{"ChainedScheduler", []string{"chained", "chain"}, newChained},
	{"LambdaLR", []string{"lambda"}, newLambdaLR},
	{"MultiplicativeLR", []string{"multiplicative"}, newMultiplicativeLR},
	{"TimeDecay", []string{"time_decay", "time_based_decay", "inverse_time", "InverseTimeDecay"}, newTimeDecay},
	{"LinearWarmup", []string{"warmup", "linear_warmup"}, newLinearWarmup},
}

// built converts a typed constructor's result so that a failed one yields a nil interface.
func built[T Scheduler](s T, err error) (Scheduler, error) {
	if err != nil {
		return nil, err
	}
	return s, nil
}

func newStepLR(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	a := newArgs("StepLR", m)
	size, gamma := a.reqInt("step_size"), a.float("gamma", 0.1)
	if err := a.done(); err != nil {
		return nil, err
	}
	return built(NewStepLR(o, size, gamma))
}

func newMultiStepLR(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	a := newArgs("MultiStepLR", m)
	if _, ok := m["milestones"]; !ok {
		a.known = append(a.known, "milestones")
		a.missing("milestones")
	}
	ms, gamma := a.ints("milestones"), a.float("gamma", 0.1)
	if err := a.done(); err != nil {
		return nil, err
	}
	return built(NewMultiStepLR(o, ms, gamma))
}

func newConstantLR(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	a := newArgs("ConstantLR", m)
	factor, total := a.float("factor", 1.0/3), a.int("total_iters", 5)
	if err := a.done(); err != nil {
		return nil, err
	}
	return built(NewConstantLR(o, factor, total))
}

func newLinearLR(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	a := newArgs("LinearLR", m)
	sf, ef, total := a.float("start_factor", 1.0/3), a.float("end_factor", 1.0), a.int("total_iters", 5)
	if err := a.done(); err != nil {
		return nil, err
	}
	return built(NewLinearLR(o, sf, ef, total))
}

func newExponentialLR(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	a := newArgs("ExponentialLR", m)
	gamma := a.reqFloat("gamma")
	if err := a.done(); err != nil {
		return nil, err
	}
	return built(NewExponentialLR(o, gamma))
}

func newPolynomialLR(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	a := newArgs("PolynomialLR", m)
	total, power := a.int("total_iters", 5), a.float("power", 1.0)
	if err := a.done(); err != nil {
		return nil, err
	}
	return built(NewPolynomialLR(o, total, power))
}

func newCosineAnnealingLR(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	a := newArgs("CosineAnnealingLR", m)
	tMax, etaMin := a.reqInt("T_max"), a.float("eta_min", 0)
	if err := a.done(); err != nil {
		return nil, err
	}
	return built(NewCosineAnnealingLR(o, tMax, etaMin))
}

func newWarmRestarts(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	a := newArgs("CosineAnnealingWarmRestarts", m)
	t0, tMult, etaMin := a.reqInt("T_0"), a.int("T_mult", 1), a.float("eta_min", 0)
	if err := a.done(); err != nil {
		return nil, err
	}
	return built(NewCosineAnnealingWarmRestarts(o, t0, tMult, etaMin))
}

func newCyclicLR(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	const name = "CyclicLR"
	hs, err := groupsOf(name, o)
	if err != nil {
		return nil, err
	}
	a := newArgs(name, m)
	opt := CyclicLRDefaults(0, 0)
	opt.BaseLRs = requirePerGroup(a, "base_lr", len(hs))
	opt.MaxLRs = requirePerGroup(a, "max_lr", len(hs))
	opt.StepSizeUp = a.float("step_size_up", opt.StepSizeUp)
	if _, given := a.get("step_size_down"); given {
		opt.StepSizeDown = a.float("step_size_down", 0)
		if a.err == nil && !(opt.StepSizeDown > 0) {
			a.fail("step_size_down", "must be a positive number, got %v", opt.StepSizeDown)
		}
	}
	opt.Mode = a.choice("mode", opt.Mode, "triangular", "triangular2", "exp_range")
	opt.Gamma = a.float("gamma", opt.Gamma)
	if v, ok := a.get("scale_fn"); ok {
		f, isFunc := v.(func(float64) float64)
		if !isFunc {
			a.fail("scale_fn", "want a func(x float64) float64, got %T", v)
		}
		opt.ScaleFn = f
	}
	opt.ScaleMode = a.choice("scale_mode", opt.ScaleMode, "cycle", "iterations")
	opt.CycleMomentum = a.bool("cycle_momentum", opt.CycleMomentum)
	opt.BaseMomentums = a.perGroupOr("base_momentum", opt.BaseMomentum, len(hs))
	opt.MaxMomentums = a.perGroupOr("max_momentum", opt.MaxMomentum, len(hs))
	if err := a.done(); err != nil {
		return nil, err
	}
	return built(NewCyclicLR(o, opt))
}

func newOneCycleLR(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	const name = "OneCycleLR"
	hs, err := groupsOf(name, o)
	if err != nil {
		return nil, err
	}
	a := newArgs(name, m)
	opt := OneCycleLRDefaults(0, 0)
	opt.MaxLRs = requirePerGroup(a, "max_lr", len(hs))
	opt.TotalSteps = a.int("total_steps", 0)
	opt.Epochs = a.int("epochs", 0)
	opt.StepsPerEpoch = a.int("steps_per_epoch", 0)
	if _, given := m["total_steps"]; given && m["total_steps"] != nil && opt.TotalSteps <= 0 && a.err == nil {
		a.fail("total_steps", "must be a positive whole number, got %d", opt.TotalSteps)
	}
	opt.PctStart = a.float("pct_start", opt.PctStart)
	opt.AnnealStrategy = a.choice("anneal_strategy", opt.AnnealStrategy, "cos", "linear")
	opt.CycleMomentum = a.bool("cycle_momentum", opt.CycleMomentum)
	opt.BaseMomentums = a.perGroupOr("base_momentum", opt.BaseMomentum, len(hs))
	opt.MaxMomentums = a.perGroupOr("max_momentum", opt.MaxMomentum, len(hs))
	opt.DivFactor = a.float("div_factor", opt.DivFactor)
	opt.FinalDivFactor = a.float("final_div_factor", opt.FinalDivFactor)
	opt.ThreePhase = a.bool("three_phase", opt.ThreePhase)
	if err := a.done(); err != nil {
		return nil, err
	}
	return built(NewOneCycleLR(o, opt))
}

func newPlateau(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	const name = "ReduceLROnPlateau"
	hs, err := groupsOf(name, o)
	if err != nil {
		return nil, err
	}
	a := newArgs(name, m)
	opt := PlateauDefaults()
	opt.Mode = a.choice("mode", opt.Mode, "min", "max")
	opt.Factor = a.float("factor", opt.Factor)
	opt.Patience = a.int("patience", opt.Patience)
	opt.Threshold = a.float("threshold", opt.Threshold)
	opt.ThresholdMode = a.choice("threshold_mode", opt.ThresholdMode, "rel", "abs")
	opt.Cooldown = a.int("cooldown", opt.Cooldown)
	opt.MinLRs = a.perGroup("min_lr", len(hs))
	opt.Eps = a.float("eps", opt.Eps)
	if err := a.done(); err != nil {
		return nil, err
	}
	return built(NewReduceLROnPlateau(o, opt))
}

func newSequentialLR(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	const name = "SequentialLR"
	a := newArgs(name, m)
	if _, ok := m["milestones"]; !ok {
		a.known = append(a.known, "milestones")
		a.missing("milestones")
	}
	ms := a.ints("milestones")
	subs := schedulersArg(a, o)
	if err := a.done(); err != nil {
		return nil, err
	}
	return built(NewSequentialLR(o, subs, ms))
}

func newChained(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	a := newArgs("ChainedScheduler", m)
	subs := schedulersArg(a, o)
	if err := a.done(); err != nil {
		return nil, err
	}
	if o != nil {
		hs, err := groupsOf("ChainedScheduler", o)
		if err != nil {
			return nil, err
		}
		if err := checkSubs("ChainedScheduler", hs, subs); err != nil {
			return nil, err
		}
	}
	return built(NewChainedScheduler(subs))
}

func newLambdaLR(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	a := newArgs("LambdaLR", m)
	fs := lambdaArg(a)
	if err := a.done(); err != nil {
		return nil, err
	}
	return built(NewLambdaLR(o, fs...))
}

func newMultiplicativeLR(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	a := newArgs("MultiplicativeLR", m)
	fs := lambdaArg(a)
	if err := a.done(); err != nil {
		return nil, err
	}
	return built(NewMultiplicativeLR(o, fs...))
}

func newTimeDecay(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	a := newArgs("TimeDecay", m)
	rate := 0.0
	if _, ok := m["decay"]; ok {
		rate = a.float("decay", 0)
	} else {
		rate = a.reqFloat("decay_rate")
	}
	steps, stair := a.float("decay_steps", 1), a.bool("staircase", false)
	if err := a.done(); err != nil {
		return nil, err
	}
	return built(NewTimeDecay(o, rate, steps, stair))
}

func newLinearWarmup(o optimizers.Optimizer, m map[string]any) (Scheduler, error) {
	a := newArgs("LinearWarmup", m)
	steps, sf := a.reqInt("warmup_steps"), a.float("start_factor", 0)
	if err := a.done(); err != nil {
		return nil, err
	}
	return built(NewLinearWarmup(o, steps, sf))
}

// requirePerGroup reads a required number-or-list-per-group arg.
func requirePerGroup(a *args, key string, n int) []float64 {
	if v, ok := a.m[key]; !ok || v == nil {
		a.known = append(a.known, key)
		a.missing(key)
		return repeat(0, n)
	}
	if vs := a.perGroup(key, n); vs != nil {
		return vs
	}
	return repeat(0, n)
}

// lambdaArg reads lr_lambda: one function, or a slice of one per group.
func lambdaArg(a *args) []func(int) float64 {
	v, ok := a.get("lr_lambda")
	if !ok {
		a.missing("lr_lambda")
		return nil
	}
	switch f := v.(type) {
	case func(int) float64:
		return []func(int) float64{f}
	case []func(int) float64:
		return f
	case []any:
		fs := make([]func(int) float64, len(f))
		for i, e := range f {
			g, isFunc := e.(func(int) float64)
			if !isFunc {
				a.fail("lr_lambda", "element %d: want a func(epoch int) float64, got %T", i, e)
				return nil
			}
			fs[i] = g
		}
		return fs
	}
	a.fail("lr_lambda", "want a func(epoch int) float64 or a slice of them, got %T", v)
	return nil
}

// schedulersArg reads "schedulers": Schedulers, or [name, args] pairs built in order on o.
func schedulersArg(a *args, o optimizers.Optimizer) []Scheduler {
	v, ok := a.get("schedulers")
	if !ok {
		a.missing("schedulers")
		return nil
	}
	switch x := v.(type) {
	case []Scheduler:
		return x
	case []any:
		subs := make([]Scheduler, len(x))
		for i, e := range x {
			s, err := subScheduler(e, o)
			if err != nil {
				a.fail("schedulers", "element %d: %v", i, err)
				return nil
			}
			subs[i] = s
		}
		return subs
	}
	a.fail("schedulers", "want a []Scheduler or a list of [name, args] pairs, got %T", v)
	return nil
}

func subScheduler(e any, o optimizers.Optimizer) (Scheduler, error) {
	switch x := e.(type) {
	case Scheduler:
		return x, nil
	case []any:
		if len(x) == 1 || len(x) == 2 {
			name, isStr := x[0].(string)
			var args map[string]any
			isMap := true
			if len(x) == 2 && x[1] != nil {
				args, isMap = x[1].(map[string]any)
			}
			if isStr && isMap {
				return New(name, o, args)
			}
		}
	case map[string]any:
		name, isStr := x["name"].(string)
		if !isStr {
			// The shape of an optimizer case's "schedule" object.
			name, isStr = x["type"].(string)
		}
		args, isMap := x["args"].(map[string]any)
		if x["args"] == nil {
			isMap = true
		}
		if isStr && isMap {
			return New(name, o, args)
		}
	}
	return nil, fmt.Errorf("want a Scheduler, a [name, args] pair or {\"name\" (or \"type\"), \"args\"}, got %T %v", e, e)
}

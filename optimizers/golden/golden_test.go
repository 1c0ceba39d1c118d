package golden

import (
	"flag"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"testing"
)

var (
	goldenPath    = flag.String("golden", "../../../shared/golden/torch-dev.json", "reference trajectories to replay: a torch.optim file or one beyond torch.optim (ext)")
	goldenExtPath = flag.String("golden-ext", "../../../shared/golden/ext/ext-dev.json", "a second file to replay, by default the optimizers beyond torch.optim; empty to skip")
)

var (
	loadOnce sync.Once
	loaded   []*File
	loadErr  error
)

// files decodes the files given by -golden and -golden-ext once per test binary; a
// missing or broken file fails the test rather than skipping it, so CI cannot pass by
// not finding its reference.
func files(t testing.TB) []*File {
	t.Helper()
	loadOnce.Do(func() {
		for _, p := range []string{*goldenPath, *goldenExtPath} {
			if p == "" {
				continue
			}
			f, err := Load(p)
			if err != nil {
				loadErr = fmt.Errorf("%w (set -golden=PATH or -golden-ext=PATH)", err)
				return
			}
			loaded = append(loaded, f)
		}
		if len(loaded) == 0 {
			loadErr = fmt.Errorf("no golden file given (-golden and -golden-ext are both empty)")
		}
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return loaded
}

// coreFiles returns the torch.optim files among those given, which hold the LBFGS and
// scheduler cases; it skips the test when there is none.
func coreFiles(t *testing.T) []*File {
	var out []*File
	for _, f := range files(t) {
		if !f.Ext() {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		t.Skip("no torch.optim golden file given (the ext file has no LBFGS or scheduler cases)")
	}
	return out
}

// problem returns the named problem or fails the test: an unknown problem is a case the
// replay cannot run, which must fail, not skip.
func problem(t testing.TB, name string) *Problem {
	t.Helper()
	p, err := ProblemByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// pluginCases names the optimizers of the golden files that ship as plugins, not as
// built-ins; their cases are replayed through the loaded plugin, not here.
var pluginCases = map[string]string{
	"AdaBelief": "AdaBelief ships as a plugin (an interpreted Go file), not a built-in: its cases are replayed through the loaded plugin by the plugin's own test, which calls golden.ReplayCase with the plugin registered",
}

// TestProblemsMatchFile checks the Go problems against the sanity data stored in each
// file, so a typo in a formula shows up here and not as 60 failing trajectories.
func TestProblemsMatchFile(t *testing.T) {
	for _, f := range files(t) {
		for name, spec := range f.Problems {
			p := problem(t, name)
			if len(spec.X0Flat) != p.Size() {
				t.Errorf("%s: %s: x0 has %d values, problem has %d", f.Path, name, len(spec.X0Flat), p.Size())
				continue
			}
			if got := p.Loss(spec.X0Flat); got != spec.LossAtX0 {
				t.Errorf("%s: loss at x0 = %v, file says %v", name, got, spec.LossAtX0)
			}
			g := make([]float64, p.Size())
			p.Grad(g, spec.X0Flat)
			for i := range g {
				if g[i] != spec.GradAtX0Flt[i] {
					t.Errorf("%s: grad[%d] at x0 = %v, file says %v", name, i, g[i], spec.GradAtX0Flt[i])
				}
			}
			for _, ts := range spec.Tensors {
				tt, err := p.Tensor(ts.Name)
				if err != nil || tt.Len != len(ts.Init) {
					t.Errorf("%s: tensor %q: %v (len %d vs %d)", name, ts.Name, err, tt.Len, len(ts.Init))
				}
				if ts.Shape != nil && fmt.Sprint(ts.Shape) != fmt.Sprint(tt.Shape) {
					t.Errorf("%s: tensor %q has shape %v in the file, %v here", name, ts.Name, ts.Shape, tt.Shape)
				}
			}
		}
	}
}

// TestOptimizerTrajectories replays every optimizer case of every file given (see
// ReplayCase) and logs the worst deviation per optimizer, with -v.
func TestOptimizerTrajectories(t *testing.T) {
	for _, f := range files(t) {
		if len(f.Optimizers) == 0 {
			t.Fatalf("%s has no optimizer cases", f.Path)
		}
		type worst struct {
			traj, state float64
			id          string
			n           int
		}
		per := map[string]*worst{}
		for _, c := range f.Optimizers {
			c := c
			t.Run(c.ID, func(t *testing.T) {
				if Legacy(c.ID) {
					t.Skip("torch 1.13 NAdam bug, fixed upstream; the library implements the fix")
				}
				if why, ok := pluginCases[c.Optimizer]; ok {
					t.Skip(why)
				}
				res, err := ReplayCase(f, c)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("worst deviation %.2g (tolerance %g), state %.2g (tolerance %g); unchecked: %v",
					res.Worst, res.Tolerance, res.WorstState, res.StateTolerance, res.Unchecked)
				w := per[c.Optimizer]
				if w == nil {
					w = &worst{}
					per[c.Optimizer] = w
				}
				w.n++
				if res.Worst >= w.traj {
					w.traj, w.id = res.Worst, c.ID
				}
				w.state = math.Max(w.state, res.WorstState)
			})
		}
		names := make([]string, 0, len(per))
		for n := range per {
			names = append(names, n)
		}
		sort.Strings(names)
		var b strings.Builder
		fmt.Fprintf(&b, "%s: worst |got-want|/max(|want|,1) per optimizer\n", f.Path)
		for _, n := range names {
			w := per[n]
			fmt.Fprintf(&b, "  %-28s %3d cases  trajectory %8.2g  state %8.2g  (%s)\n", n, w.n, w.traj, w.state, w.id)
		}
		t.Log(b.String())
	}
}

// The development file has no case with groups, clipping or a schedule, but other golden
// files do. TestReplayPlumbing exercises those paths of the replay on torch's own
// trajectories by adding options that, by torch's definitions, leave the trajectory
// unchanged: groups that repeat the case's hyper-parameters (in either tensor order), a
// clip threshold no gradient reaches (coef clamps to exactly 1), and a StepLR whose first
// decay lies past the last step.
func TestReplayPlumbing(t *testing.T) {
	variants := []struct {
		name string
		edit func(c *OptCase)
	}{
		{"groups w,b", func(c *OptCase) {
			c.Groups = []map[string]any{{"tensors": []any{"w"}}, {"tensors": []any{"b"}, "lr": c.Hyper["lr"]}}
		}},
		{"groups b,w", func(c *OptCase) {
			c.Groups = []map[string]any{{"tensors": []any{"b"}}, {"tensors": []any{"w"}}}
		}},
		{"clip norm 2", func(c *OptCase) {
			c.Clip = map[string]any{"type": "norm", "max_norm": 1e300, "norm_type": 2.0}
		}},
		{"clip norm inf", func(c *OptCase) {
			c.Clip = map[string]any{"type": "norm", "max_norm": 1e300, "norm_type": "inf"}
		}},
		{"clip value", func(c *OptCase) {
			c.Clip = map[string]any{"type": "value", "clip_value": 1e300}
		}},
		{"StepLR past the end", func(c *OptCase) {
			c.Schedule = map[string]any{"type": "StepLR", "args": map[string]any{"step_size": 1000.0, "gamma": 0.5}}
		}},
		{"all at once", func(c *OptCase) {
			c.Groups = []map[string]any{{"tensors": []any{"b"}}, {"tensors": []any{"w"}}}
			c.Clip = map[string]any{"type": "norm", "max_norm": 1e300, "norm_type": 2.0}
			c.Schedule = map[string]any{"type": "StepLR", "args": map[string]any{"step_size": 1000.0}}
		}},
	}
	n := 0
	for _, f := range coreFiles(t) {
		for _, base := range f.Optimizers {
			if base.Problem != "linreg" || Legacy(base.ID) || base.Groups != nil || base.Clip != nil || base.Schedule != nil {
				continue
			}
			n++
			for _, v := range variants {
				c := base
				v.edit(&c)
				t.Run(base.ID+"/"+v.name, func(t *testing.T) {
					if _, err := ReplayCase(f, c); err != nil {
						t.Fatal(err)
					}
				})
			}
		}
	}
	if n == 0 {
		t.Fatal("no plain linreg case to build on")
	}
}

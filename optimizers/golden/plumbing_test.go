package golden

import (
	"testing"
)

// The development file has no case with groups, clipping or a schedule, but other golden
// files do. TestReplayPlumbing exercises those paths of the replay on torch's own
// trajectories by adding options that, by torch's definitions, leave the trajectory
// unchanged: groups that repeat the case's hyper-parameters (in either tensor order), a
// clip threshold no gradient reaches (coef clamps to exactly 1), and a StepLR whose first
// decay lies past the last step.
func TestReplayPlumbing(t *testing.T) {
	f := load(t)
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
	for _, base := range f.Optimizers {
		if base.Problem != "linreg" || legacy(base.ID) || base.Groups != nil || base.Clip != nil || base.Schedule != nil {
			continue
		}
		n++
		for _, v := range variants {
			c := base
			v.edit(&c)
			t.Run(base.ID+"/"+v.name, func(t *testing.T) {
				if err := replay(t, f, c); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
	if n == 0 {
		t.Fatal("no plain linreg case to build on")
	}
}

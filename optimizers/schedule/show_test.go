package schedule

import (
	"fmt"
	"strings"
	"testing"

	"github.com/descentlab/descent/optimizers"
)

type showCase struct {
	name string
	args map[string]any
	want string
}

var showCases = []showCase{
	{"StepLR", map[string]any{"step_size": 30}, "StepLR(step_size=30, gamma=0.1)"},
	{"multistep", map[string]any{"milestones": []int{80, 30}, "gamma": 0.5}, "MultiStepLR(milestones=[80, 30], gamma=0.5)"},
	{"ConstantLR", nil, "ConstantLR(factor=0.3333333333333333, total_iters=5)"},
	{"LinearLR", map[string]any{"start_factor": 0.25, "total_iters": 10}, "LinearLR(start_factor=0.25, end_factor=1, total_iters=10)"},
	{"ExponentialLR", map[string]any{"gamma": 0.9}, "ExponentialLR(gamma=0.9)"},
	{"PolynomialLR", map[string]any{"total_iters": 20, "power": 2}, "PolynomialLR(total_iters=20, power=2)"},
	{"cosine", map[string]any{"T_max": 100, "eta_min": 1e-5}, "CosineAnnealingLR(T_max=100, eta_min=1e-05)"},
	{"sgdr", map[string]any{"T_0": 10, "T_mult": 2}, "CosineAnnealingWarmRestarts(T_0=10, T_mult=2, eta_min=0)"},
	{"CyclicLR", map[string]any{"base_lr": 0.001, "max_lr": 0.1, "step_size_up": 20, "mode": "triangular2"},
		"CyclicLR(base_lr=0.001, max_lr=0.1, step_size_up=20, mode='triangular2', cycle_momentum=True, base_momentum=0.8, max_momentum=0.9)"},
	{"OneCycleLR", map[string]any{"max_lr": 0.1, "total_steps": 100},
		"OneCycleLR(max_lr=0.1, total_steps=100, pct_start=0.3, anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, div_factor=25, final_div_factor=10000, three_phase=False)"},
	{"plateau", map[string]any{"patience": 3}, "ReduceLROnPlateau(mode='min', factor=0.1, patience=3, threshold=0.0001, threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-08)"},
	{"lambda", map[string]any{"lr_lambda": func(e int) float64 { return 1 / float64(e+1) }}, "LambdaLR(lr_lambda=<function>)"},
	{"multiplicative", map[string]any{"lr_lambda": func(e int) float64 { return 0.95 }}, "MultiplicativeLR(lr_lambda=<function>)"},
	{"TimeDecay", map[string]any{"decay_rate": 0.5}, "TimeDecay(decay_rate=0.5, decay_steps=1, staircase=False)"},
	{"warmup", map[string]any{"warmup_steps": 5}, "LinearWarmup(warmup_steps=5, start_factor=0)"},
	{"SequentialLR", map[string]any{"schedulers": []any{[]any{"warmup", map[string]any{"warmup_steps": 5}}, []any{"cosine", map[string]any{"T_max": 50}}}, "milestones": []int{5}},
		"SequentialLR(schedulers=[LinearWarmup(warmup_steps=5, start_factor=0), CosineAnnealingLR(T_max=50, eta_min=0)], milestones=[5])"},
	{"chained", map[string]any{"schedulers": []any{[]any{"exp", map[string]any{"gamma": 0.95}}, []any{"StepLR", map[string]any{"step_size": 10}}}},
		"ChainedScheduler(schedulers=[ExponentialLR(gamma=0.95), StepLR(step_size=10, gamma=0.1)])"},
}

// TestStringIsTorchCall: every built-in schedule prints as its torch constructor call.
func TestStringIsTorchCall(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range showCases {
		s, err := New(tc.name, sgdLike(0.1), tc.args)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := fmt.Sprint(s)
		if got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
		covered[strings.SplitN(got, "(", 2)[0]] = true
	}
	for _, b := range builtins {
		if !covered[b.name] {
			t.Errorf("no String case for %s", b.name)
		}
	}
}

// TestPreviewMatchesAndLeavesTheScheduleAlone: the rich display plots what stepping the
// schedule would give, on a copy: the schedule and its optimizer do not move.
func TestPreviewMatchesAndLeavesTheScheduleAlone(t *testing.T) {
	for _, tc := range showCases {
		if tc.name == "plateau" {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			o := grouped(t, 0.1, 0.05)
			s, err := New(tc.name, o, tc.args)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 3; i++ { // a schedule part-way through previews from its start
				s.Step()
			}
			before := optimizers.HypersOf(o)[1].Map()
			b := s.(interface{ MIMEBundle() map[string]any }).MIMEBundle()
			if !strings.Contains(b["text/html"].(string), `<img alt="chart"`) || b["text/plain"] != fmt.Sprint(s) {
				t.Fatalf("bundle %v", b)
			}
			lrs, err := s.(interface{ info() *about }).info().preview()
			if err != nil {
				t.Fatal(err)
			}
			twinOpt := grouped(t, 0.1, 0.05)
			twin, err := New(tc.name, twinOpt, tc.args)
			if err != nil {
				t.Fatal(err)
			}
			for k := range lrs[0] {
				for g, v := range twin.LR() {
					if lrs[g][k] != v {
						t.Fatalf("preview group %d step %d: %v, stepping gives %v", g, k, lrs[g][k], v)
					}
				}
				twin.Step()
			}
			after := optimizers.HypersOf(o)[1].Map()
			if fmt.Sprint(before) != fmt.Sprint(after) {
				t.Errorf("the preview changed the optimizer: %v -> %v", before, after)
			}
			// The schedule continues exactly like one that was never displayed.
			ref := grouped(t, 0.1, 0.05)
			r, _ := New(tc.name, ref, tc.args)
			for i := 0; i < 3; i++ {
				r.Step()
			}
			for i := 0; i < 5; i++ {
				s.Step()
				r.Step()
				if fmt.Sprint(s.LR()) != fmt.Sprint(r.LR()) {
					t.Fatalf("after display, step %d: %v, undisplayed %v", i, s.LR(), r.LR())
				}
			}
		})
	}
}

func TestPlateauHasNoPreview(t *testing.T) {
	s, err := New("plateau", sgdLike(0.1), nil)
	if err != nil {
		t.Fatal(err)
	}
	html := s.(interface{ MIMEBundle() map[string]any }).MIMEBundle()["text/html"].(string)
	if !strings.Contains(html, "no preview: the schedule is driven by a measured metric") {
		t.Errorf("plateau display: %s", html)
	}
}

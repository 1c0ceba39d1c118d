package interp

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestComplete(t *testing.T) {
	s := newSession(t)
	run(t, s, "learningRate := 0.1\nfunc lossAt(x float64) float64 { return x }\ntype Layer struct{ Width int }\nfunc (l *Layer) Forward(x []float64) []float64 { return x }\nlayer := &Layer{3}\nmat := &Layer{4}\nsgd := opt.NewSGD(0.1)\nimport \"strings\"")
	tests := []struct {
		code       string
		cursor     int // -1 means the end
		want       []string
		notWant    []string
		start, end int
	}{
		{"opt.NewS", -1, []string{"NewSGD"}, []string{"Float"}, 4, 8},
		{"x := opt.", -1, []string{"NewSGD", "NewBase", "Optimizer"}, []string{"_Optimizer"}, 9, 9},
		{"strings.ToU", -1, []string{"ToUpper"}, nil, 8, 11},
		{"fm", -1, []string{"fmt"}, nil, 0, 2},
		{"learn", -1, []string{"learningRate"}, nil, 0, 5},
		{"y := loss", -1, []string{"lossAt"}, nil, 5, 9},
		{"La", -1, []string{"Layer"}, nil, 0, 2},
		{"ret", -1, []string{"return"}, nil, 0, 3},
		{"sgd.St", -1, []string{"State", "Step"}, nil, 4, 6},
		{"layer.", -1, []string{"Forward", "Width"}, nil, 6, 6},
		{"mat.", -1, []string{"Forward"}, []string{"NewDense"}, 4, 4}, // a variable hides the package
		{"floats.Su", -1, []string{"Sum", "Sub"}, nil, 7, 9},
		{"fmt.Prin(x)", 8, []string{"Print", "Printf", "Println"}, nil, 4, 8},
		// Cursor positions count code points: "é" is two bytes but one position.
		{"é := 1; opt.NewS", -1, []string{"NewSGD"}, nil, 12, 16},
		// Members after any expression whose type the front end knows.
		{"sgd.Hyper().S", -1, []string{"Set", "SetAll"}, []string{"Float"}, 12, 13},
		{"opt.NewAdam().H", -1, []string{"Hyper"}, []string{"State"}, 14, 15},
		{"layer.Forward(nil)[0].", -1, nil, []string{"Forward"}, 22, 22},
		{"v := &Layer{}\nv.W", -1, []string{"Width"}, nil, 16, 17},
		// Magics, import paths and an optimizer's hyper-parameter names.
		{"%do", -1, []string{"%doc"}, []string{"%time"}, 0, 3},
		{"import \"github.com/descentlab/descent/optimizers/tr", -1, []string{"github.com/descentlab/descent/optimizers/train"}, []string{"github.com/descentlab/descent/optimizers/data"}, 8, 51},
		{"import (\n\t\"sl", -1, []string{"slices"}, nil, 11, 13},
		{"o, _ := opt.New(\"adam\", map[string]any{\"be", -1, []string{"betas"}, []string{"lr"}, 40, 42},
	}
	for _, tc := range tests {
		cursor := tc.cursor
		if cursor < 0 {
			cursor = utf8.RuneCountInString(tc.code)
		}
		got, start, end := s.Complete(tc.code, cursor)
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("Complete(%q): %v lacks %s", tc.code, got, w)
			}
		}
		for _, w := range tc.notWant {
			if slices.Contains(got, w) {
				t.Errorf("Complete(%q): %v has %s", tc.code, got, w)
			}
		}
		if start != tc.start || end != tc.end {
			t.Errorf("Complete(%q): range %d-%d, want %d-%d", tc.code, start, end, tc.start, tc.end)
		}
	}
}

func TestCompleteHidesKernelInternals(t *testing.T) {
	s := newSession(t)
	run(t, s, "1")
	got, _, _ := s.Complete("ᐅ", 1)
	got2, _, _ := s.Complete("", 0)
	for _, m := range append(got, got2...) {
		if strings.HasPrefix(m, "ᐅ") {
			t.Errorf("completion offers internal name %q", m)
		}
	}
}

func TestInspect(t *testing.T) {
	s := newSession(t)
	run(t, s, "// Double doubles.\nfunc double(x int) int { return 2 * x }\ntype Pt struct{ X, Y float64 }\nfunc (p Pt) Norm() float64 { return p.X }\npt := Pt{1, 2}\nrate := 0.5\nsgd := opt.NewSGD(0.1)")
	tests := []struct {
		code   string
		cursor int
		want   []string // all must appear; nil means not found
	}{
		{"opt.NewSGD(0.1)", 6, []string{"func NewSGD(lr float64) *SGD", "NewSGD returns"}},
		{"opt.NewSGD(", 11, []string{"func NewSGD(lr float64) *SGD"}},
		{"opt.Optimizer", 13, []string{"type Optimizer interface", "Step(params, grads []float64) error"}},
		{"x := math.Sqrt(2)", 11, []string{"func math.Sqrt(float64) float64"}},
		{"double(3)", 2, []string{"func double(x int) int"}},
		{"Pt{}", 1, []string{"type Pt struct"}},
		{"rate", 4, []string{"var rate float64"}},
		{"pt.Norm()", 4, []string{"func (p Pt) Norm() float64"}},
		{"pt", 1, []string{"var pt Pt"}},
		{"sgd.Step", 6, []string{"Step(params, grads []float64) error"}},
		{"opt", 1, []string{"package optimizers", "github.com/descentlab/descent/optimizers"}},
		{"display.HTML", 10, []string{"type HTML string", "HTML source"}},
		{"nosuchname", 3, nil},
		{"", 0, nil},
	}
	for _, tc := range tests {
		data, found := s.Inspect(tc.code, tc.cursor, 0)
		if tc.want == nil {
			if found {
				t.Errorf("Inspect(%q) found %v", tc.code, data)
			}
			continue
		}
		text, _ := data["text/plain"].(string)
		for _, w := range tc.want {
			if !found || !strings.Contains(text, w) {
				t.Errorf("Inspect(%q, %d) = %q, %v; want it to contain %q", tc.code, tc.cursor, text, found, w)
			}
		}
	}
}

func TestIsComplete(t *testing.T) {
	s := newSession(t)
	tests := []struct{ code, status, indent string }{
		{"x := 1", "complete", ""},
		{"", "complete", ""},
		{"%time", "complete", ""},
		{"func f() {", "incomplete", "    "},
		{"for i := 0; i < 3; i++ {\n\tif i > 1 {", "incomplete", "        "},
		{"xs := []int{\n1,", "incomplete", "    "},
		{"s := `raw", "incomplete", ""},
		{"/* comment", "incomplete", ""},
		{"x := 1 +", "incomplete", "    "},
		{"x := )", "invalid", ""},
		{"func f() {}}", "invalid", ""},
		{"%bogus", "invalid", ""},
	}
	for _, tc := range tests {
		status, indent := s.IsComplete(tc.code)
		if status != tc.status || indent != tc.indent {
			t.Errorf("IsComplete(%q) = %q %q, want %q %q", tc.code, status, indent, tc.status, tc.indent)
		}
	}
}

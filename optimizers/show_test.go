package optimizers

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestStringIsTorchStyle: every built-in prints as a torch constructor call with torch's
// argument order and Python's spelling of values.
func TestStringIsTorchStyle(t *testing.T) {
	lbfgs, err := NewLBFGS(nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		o    Optimizer
		want string
	}{
		{NewAdam(), "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False, maximize=False)"},
		{NewAdamW(), "AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=False, maximize=False)"},
		{NewSGD(0.1), "SGD(lr=0.1, momentum=0, dampening=0, weight_decay=0, nesterov=False, maximize=False)"},
		{NewRMSprop(), "RMSprop(lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0, centered=False, maximize=False)"},
		{NewAdagrad(), "Adagrad(lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, maximize=False)"},
		{NewAdadelta(), "Adadelta(lr=1, rho=0.9, eps=1e-06, weight_decay=0, maximize=False)"},
		{NewAdamax(), "Adamax(lr=0.002, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, maximize=False)"},
		{NewNAdam(), "NAdam(lr=0.002, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, momentum_decay=0.004)"},
		{NewRAdam(), "RAdam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)"},
		{NewLion(), "Lion(lr=0.0001, betas=(0.9, 0.99), weight_decay=0)"},
		{NewRprop(), "Rprop(lr=0.01, etas=(0.5, 1.2), step_sizes=(1e-06, 50), maximize=False)"},
		{NewASGD(), "ASGD(lr=0.01, lambd=0.0001, alpha=0.75, t0=1000000, weight_decay=0, maximize=False)"},
		{lbfgs, "LBFGS(lr=1, max_iter=20, max_eval=25, tolerance_grad=1e-07, tolerance_change=1e-09, history_size=100)"},
	}
	for _, tt := range tests {
		s, ok := tt.o.(interface{ String() string })
		if !ok {
			t.Errorf("%s has no String method", tt.o.Name())
			continue
		}
		if got := s.String(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
	// A changed value shows, with betas as a tuple; a plugin's names follow lr, sorted.
	o := NewAdam()
	if err := o.Hyper().SetAll(map[string]any{"lr": 0.02, "betas": []float64{0.8, 0.99}, "amsgrad": true}); err != nil {
		t.Fatal(err)
	}
	if got := o.String(); !strings.HasPrefix(got, "Adam(lr=0.02, betas=(0.8, 0.99), eps=1e-08, weight_decay=0, amsgrad=True") {
		t.Errorf("changed Adam: %s", got)
	}
	p := NewBase("MyMomentum", map[string]any{"momentum": 0.9, "lr": 0.001, "beta": 0.5})
	if got := p.String(); got != "MyMomentum(lr=0.001, beta=0.5, momentum=0.9)" {
		t.Errorf("plugin: %s", got)
	}
	// Describe gives the same from the Optimizer interface alone, as for a plugin.
	if got := Describe(&mine{p}); got != p.String() {
		t.Errorf("Describe: %s", got)
	}
	if got := NewBase("Plain", nil).String(); got != "Plain" {
		t.Errorf("no hyper-parameters: %s", got)
	}
	var nilBase *Base
	if got := nilBase.String(); !strings.Contains(got, "without a Base") {
		t.Errorf("nil Base: %s", got)
	}
	if got := (&Adam{}).String(); !strings.Contains(got, "New") {
		t.Errorf("&Adam{} without a Base: %s", got)
	}
}

// TestPyFloat spells floats as Python's repr does (checked against CPython 3), except
// that whole numbers drop the ".0" as torch's integer defaults print.
func TestPyFloat(t *testing.T) {
	tenth, fifth := 0.1, 0.2 // variables: a constant 0.1+0.2 is exactly 0.3
	for v, want := range map[float64]string{
		0.001: "0.001", 1e-08: "1e-08", 1e-5: "1e-05", 0.0001: "0.0001", 0.999: "0.999",
		1e-10: "1e-10", tenth + fifth: "0.30000000000000004", 1.5e20: "1.5e+20", 123456.5: "123456.5",
		1e16: "1e+16", 50: "50", 0: "0", -2: "-2", math.Inf(1): "inf", math.NaN(): "nan",
	} {
		if got := pyFloat(v); got != want {
			t.Errorf("pyFloat(%v) = %q, want %q", v, got, want)
		}
	}
}

// TestEveryBuiltinHasARule: each optimizer New builds by a built-in name shows an update
// rule whose symbols belong to hyper-parameters it has.
func TestEveryBuiltinHasARule(t *testing.T) {
	registry.RLock()
	var names []string
	for k := range registry.builtin {
		names = append(names, k)
	}
	registry.RUnlock()
	for _, name := range names {
		o, err := New(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, ok := o.(interface{ Rule() (Rule, bool) })
		if !ok {
			t.Errorf("%s (%s) does not embed *Base", name, o.Name())
			continue
		}
		r, ok := b.Rule()
		if !ok || !strings.Contains(r.TeX, `\theta_t`) {
			t.Errorf("%s (%s): no update rule (%v)", name, o.Name(), ok)
		}
		for hp := range r.Symbols {
			if !o.Hyper().Has(hp) {
				t.Errorf("%s: symbol for %q, which is not a hyper-parameter", o.Name(), hp)
			}
		}
		for _, hp := range r.Order {
			if !o.Hyper().Has(hp) {
				t.Errorf("%s: order lists %q, which is not a hyper-parameter", o.Name(), hp)
			}
		}
	}
}

// TestOptimizerMIMEBundle: the rich display has the hyper-parameters with their symbols,
// the typeset rule and the state; text/plain is String.
func TestOptimizerMIMEBundle(t *testing.T) {
	o := NewAdam()
	p, g := []float64{1, 2, 3}, []float64{0.1, 0.2, 0.3}
	if err := o.Step(p, g); err != nil {
		t.Fatal(err)
	}
	b := o.MIMEBundle()
	if b["text/plain"] != o.String() {
		t.Errorf("text/plain %q", b["text/plain"])
	}
	html := b["text/html"].(string)
	for _, want := range []string{
		"<code>Adam(lr=0.001, betas=(0.9, 0.999)", // the call
		`<td style="padding:1px 8px;text-align:left;border:none">betas</td><td style="padding:1px 8px;text-align:left;border:none">\(\beta_1, \beta_2\)</td>`, // a symbol
		`$$\begin{aligned}`, `\hat m_t &amp;= m_t/(1-\beta_1^t)`, // the rule
		"1 step taken; state exp_avg, exp_avg_sq (3 values each)",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
}

// mine is a notebook optimizer: it embeds *Base and sets its own rule on the instance,
// since compiled code cannot ask an interpreted type for a method.
type mine struct{ *Base }

func (m *mine) Step(p, g []float64) error { return nil }

func TestPluginRule(t *testing.T) {
	m := &mine{NewBase("Mine", map[string]any{"lr": 0.1})}
	if _, ok := m.Rule(); ok {
		t.Fatal("a new plugin has a rule before it set one")
	}
	m.SetRule(Rule{TeX: `\theta_t = \theta_{t-1} - \gamma g_t`, Symbols: map[string]string{"lr": `\gamma`}})
	html := m.MIMEBundle()["text/html"].(string)
	if !strings.Contains(html, `$$\theta_t = \theta_{t-1} - \gamma g_t$$`) || !strings.Contains(html, `\(\gamma\)`) {
		t.Errorf("plugin rule not shown:\n%s", html)
	}
	// By name, for every instance: what an optimizer added to the library does.
	RegisterRule("Mine2", Rule{TeX: `x`, Order: []string{"b", "a"}})
	m2 := &mine{NewBase("mine2", map[string]any{"a": 1.0, "b": 2.0, "lr": 0.5})}
	if r, ok := m2.Rule(); !ok || r.TeX != "x" {
		t.Errorf("registered rule not found by folded name: %v %v", r, ok)
	}
	if got := m2.String(); got != "mine2(b=2, a=1, lr=0.5)" {
		t.Errorf("registered order: %s", got)
	}
}

func TestSummary(t *testing.T) {
	o, err := New("nesterov", map[string]any{"lr": 0.05})
	if err != nil {
		t.Fatal(err)
	}
	if got := Summary(o); got != "SGD(lr=0.05, momentum=0.9, nesterov=True)" {
		t.Errorf("Summary = %s", got)
	}
	a := NewAdam()
	if got := Summary(a); got != "Adam(lr=0.001)" {
		t.Errorf("Summary = %s", got)
	}
	a.Hyper().Set("betas", []float64{0.8, 0.999})
	if got := Summary(a); got != "Adam(lr=0.001, betas=(0.8, 0.999))" {
		t.Errorf("Summary = %s", got)
	}
	// Not registered: what is not zero or false.
	p := &mine{NewBase("unregistered", map[string]any{"lr": 0.1, "beta": 0.0, "flag": true})}
	if got := Summary(p); got != "unregistered(lr=0.1, flag=True)" {
		t.Errorf("Summary = %s", got)
	}
}

func TestResultMIMEBundle(t *testing.T) {
	res, _ := Minimize(stiff(), []float64{1, 1}, NewSGD(0.03), Settings{MaxIter: 1000})
	b := res.MIMEBundle()
	html := b["text/html"].(string)
	for _, want := range []string{
		"SGD on stiff: Diverged",
		`<div style="color:#c9302c">lower the learning rate: lr=0.03 is above the largest stable rate`,
		">iterations</td>", fmt.Sprintf("%d (%d evaluations)", res.Iterations, res.FuncEvals),
		`<img alt="chart"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if b["text/plain"] != res.String() {
		t.Errorf("text/plain %q", b["text/plain"])
	}
	var nilR *Result
	if nilR.String() != "<nil Result>" {
		t.Error("a nil Result must print")
	}
}

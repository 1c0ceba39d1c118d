package optimizers

import (
	"strings"
	"testing"
)

// TestRulesAreWellFormed: every registered rule is balanced TeX (braces, \begin/\end,
// \Big( and \Big)) and uses each symbol it lists for a hyper-parameter, so the symbol
// table a notebook shows next to the rule names something that is in it. (KaTeX 0.16
// in strict mode also parses every rule; that check needs node and is not run here.)
func TestRulesAreWellFormed(t *testing.T) {
	rules.RLock()
	all := make(map[string]Rule, len(rules.m))
	for k, v := range rules.m {
		all[k] = v
	}
	rules.RUnlock()
	for name, r := range all {
		if r.TeX == "x" { // TestPluginRule's placeholder
			continue
		}
		depth := 0
		for i, c := range r.TeX {
			if i > 0 && r.TeX[i-1] == '\\' {
				continue
			}
			switch c {
			case '{':
				depth++
			case '}':
				depth--
			}
			if depth < 0 {
				t.Errorf("%s: '}' without '{' at byte %d", name, i)
				break
			}
		}
		if depth != 0 {
			t.Errorf("%s: %d unclosed '{'", name, depth)
		}
		for _, pair := range [][2]string{{`\begin{`, `\end{`}, {`\Big(`, `\Big)`}, {`\lVert`, `\rVert`}} {
			if a, b := strings.Count(r.TeX, pair[0]), strings.Count(r.TeX, pair[1]); a != b {
				t.Errorf("%s: %d %s but %d %s", name, a, pair[0], b, pair[1])
			}
		}
		for hp, sym := range r.Symbols {
			for _, s := range strings.Split(sym, ", ") {
				if !strings.Contains(r.TeX, s) {
					t.Errorf("%s: symbol %s of %s does not occur in the rule", name, s, hp)
				}
			}
		}
	}
}

// TestExtStringIsReferenceStyle: the optimizers beyond torch.optim print their
// hyper-parameters in their reference constructor's order.
func TestExtStringIsReferenceStyle(t *testing.T) {
	la, err := New("lookahead", nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		o    interface{ String() string }
		want string
	}{
		{NewLamb(), "Lamb(lr=0.001, betas=(0.9, 0.999), eps=1e-06, weight_decay=0, clamp_value=10, adam=False, debias=False)"},
		{NewLARS(), "LARS(lr=0.01, momentum=0, dampening=0, weight_decay=0, nesterov=False, trust_coefficient=0.01, eps=1e-08)"},
		{NewYogi(), "Yogi(lr=0.01, betas=(0.9, 0.999), eps=0.001, initial_accumulator=1e-06, weight_decay=0)"},
		{NewAdaBound(), "AdaBound(lr=0.001, betas=(0.9, 0.999), final_lr=0.1, gamma=0.001, eps=1e-08, weight_decay=0, amsbound=False)"},
		{NewMADGRAD(), "MADGRAD(lr=0.01, momentum=0.9, weight_decay=0, eps=1e-06)"},
		{NewQHAdam(), "QHAdam(lr=0.001, betas=(0.9, 0.999), nus=(1, 1), weight_decay=0, decouple_weight_decay=False, eps=1e-08)"},
		{NewShampoo(), "Shampoo(lr=0.1, momentum=0, weight_decay=0, epsilon=0.0001, update_freq=1)"},
		{NewMuon(), "Muon(lr=0.02, momentum=0.95, weight_decay=0, nesterov=True, ns_steps=5)"},
		{la.(*Lookahead), "Lookahead(Adam)(k=5, alpha=0.5)"},
	}
	for _, tt := range tests {
		if got := tt.o.String(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
	// A wrapper's rule comes from the name before the parenthesis; its own name wins.
	if r, ok := RuleOf("Lookahead(MyPlugin)"); !ok || !strings.Contains(r.TeX, `\tilde\theta_t`) {
		t.Errorf("Lookahead(MyPlugin) has no Lookahead rule: %v", ok)
	}
	if _, ok := RuleOf("NoSuchWrapper(Adam)"); ok {
		t.Error("an unregistered wrapper found a rule")
	}
	// The auxiliary Adam group of Muon shows its own rule.
	if r, ok := NewMuon().Groups()[1].(*muonAdam).Rule(); !ok || !strings.Contains(r.TeX, `\hat m_t`) {
		t.Errorf("Muon's Adam group has no rule: %v", ok)
	}
}

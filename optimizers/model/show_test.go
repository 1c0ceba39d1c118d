package model

import (
	"strings"
	"testing"
)

func TestNetMIMEBundle(t *testing.T) {
	m, err := NewMLP(MLPConfig{Sizes: []int{2, 16, 3}, Activations: []string{"relu"}, Seed: 1, Classes: 3})
	if err != nil {
		t.Fatal(err)
	}
	b := m.MIMEBundle()
	if b["text/plain"] != m.String() {
		t.Errorf("text/plain %q", b["text/plain"])
	}
	html := b["text/html"].(string)
	// Layer 0: 2x16 weights and 16 biases; layer 1: 16x3 and 3.
	for _, want := range []string{">relu</td>", ">48</td>", ">51</td>", "classifier of 3 classes", "Model: " + m.String()} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
	if n := strings.Count(html, "<tr>"); n != 3 {
		t.Errorf("%d table rows, want a header and two layers", n)
	}
	w, _, _ := m.Weights(0)
	want := rms(w)
	if !(want > 0.1 && want < 2) {
		t.Errorf("rms of initial weights %v", want)
	}
	p, err := NewPolynomial(3)
	if err != nil {
		t.Fatal(err)
	}
	if html := p.MIMEBundle()["text/html"].(string); !strings.Contains(html, "x^3") {
		t.Errorf("polynomial note missing: %s", html)
	}
}

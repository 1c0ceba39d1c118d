package data

import (
	"strings"
	"testing"

	"github.com/descentlab/descent/optimizers/internal/view"
)

func cellOf(v float64) string {
	return `<td style="padding:1px 8px;text-align:left;border:none;text-align:right;font-family:monospace">` + view.Num(v) + `</td>`
}

func TestDatasetMIMEBundle(t *testing.T) {
	d, err := Moons(100, 0.1, 1)
	if err != nil {
		t.Fatal(err)
	}
	b := d.MIMEBundle()
	if b["text/plain"] != "100 rows, 2 features -> 2 classes" {
		t.Errorf("text/plain %q", b["text/plain"])
	}
	html := b["text/html"].(string)
	x, y := d.Row(0)
	for _, want := range []string{"Dataset: 100 rows, 2 features -&gt; 2 classes", ">x0</th>", ">x1</th>", ">y</th>",
		"class 0: 50", "class 1: 50", `<img alt="scatter"`, ">…</td>"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Count(html, "<tr>") != 1+5+1 {
		t.Errorf("%d table rows, want a header, 5 rows and an ellipsis", strings.Count(html, "<tr>"))
	}
	firstRow := ">0</td>" + cellOf(x[0]) + cellOf(x[1]) + cellOf(y[0]) + "</tr>"
	if !strings.Contains(html, firstRow) {
		t.Errorf("HTML lacks the first row %q", firstRow)
	}
	c := &Dataset{X: []float64{1, 2, 3}, Y: []float64{4}, N: 1, Features: 3, Targets: 1, FeatureNames: []string{"age", "", "<b>"}, TargetName: "price"}
	html = c.MIMEBundle()["text/html"].(string)
	for _, want := range []string{">age</th>", ">x1</th>", ">&lt;b&gt;</th>", ">price</th>", ">4</td>"} {
		if !strings.Contains(html, want) {
			t.Errorf("named columns: HTML lacks %q", want)
		}
	}
	if strings.Contains(html, "scatter") || strings.Contains(html, "class") {
		t.Error("a 3-feature regression set has no scatter and no classes")
	}
	bad := &Dataset{N: 2, Features: 1, Targets: 1, X: []float64{1}}
	if s := bad.MIMEBundle()["text/plain"].(string); !strings.Contains(s, "X has 1 values, want 2") {
		t.Errorf("invalid set: %q", s)
	}
}

package view

import (
	"encoding/base64"
	"encoding/xml"
	"math"
	"strings"
	"testing"
	"time"
)

func TestNum(t *testing.T) {
	for v, want := range map[float64]string{
		0.012345678: "0.012346", 1234567.8: "1.2346e+06", 42: "42", -3: "-3", 1e12: "1e+12",
		math.NaN(): "NaN", math.Inf(1): "+Inf", math.Inf(-1): "-Inf", 0.5: "0.5",
	} {
		if got := Num(v); got != want {
			t.Errorf("Num(%v) = %q, want %q", v, got, want)
		}
	}
	if got := Nums([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}); got != "[1 2 3 4 5 6 … (10 values) … 9 10]" {
		t.Errorf("Nums = %q", got)
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		850 * time.Microsecond: "850µs", 12 * time.Millisecond: "12ms", 1350 * time.Millisecond: "1.35s",
		125 * time.Second: "2m05s", 62 * time.Minute: "1h02m",
	} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
	if got := PerSecond(1234, 100*time.Millisecond); got != "12.3k" {
		t.Errorf("PerSecond = %q", got)
	}
}

type svgDoc struct {
	Width     string `xml:"width,attr"`
	Polylines []struct {
		Points string `xml:"points,attr"`
		Stroke string `xml:"stroke,attr"`
	} `xml:"polyline"`
	Circles []struct {
		Fill string `xml:"fill,attr"`
	} `xml:"circle"`
	Texts []string `xml:"text"`
}

// TestChart: the SVG parses, a NaN breaks a line in two, a log axis drops non-positive
// values and labels the range in data units, and a long series is thinned.
func TestChart(t *testing.T) {
	c := Chart{Series: []Series{{Name: "loss", Y: []float64{10, 1, math.NaN(), 0.1, 0.01}}, {Name: "val", Y: []float64{5, 0, 0.5}}}, LogY: true}
	var doc svgDoc
	if err := xml.Unmarshal([]byte(c.SVG()), &doc); err != nil {
		t.Fatal(err)
	}
	// loss breaks at its NaN into two lines; val loses its 0 on the log axis, leaving two
	// lone points.
	if len(doc.Polylines) != 2 || len(doc.Circles) != 2 {
		t.Fatalf("%d polylines and %d points, want 2 and 2", len(doc.Polylines), len(doc.Circles))
	}
	if doc.Polylines[1].Stroke != Palette[0] || doc.Circles[0].Fill != Palette[1] {
		t.Errorf("colours %v %v", doc.Polylines, doc.Circles)
	}
	if got := strings.Join(doc.Texts, "|"); got != "10|0.01|0|4" {
		t.Errorf("range labels %q, want y 10..0.01 and x 0..4", got)
	}
	html := c.HTML()
	i := strings.Index(html, "base64,")
	j := strings.Index(html[i:], `"`)
	raw, err := base64.StdEncoding.DecodeString(html[i+7 : i+j])
	if err != nil || string(raw) != c.SVG() {
		t.Errorf("HTML does not embed the SVG: %v", err)
	}
	if !strings.Contains(html, "━ loss") || !strings.Contains(html, "━ val") {
		t.Errorf("legend missing: %s", html)
	}
	long := make([]float64, 100000)
	for i := range long {
		long[i] = math.Sin(float64(i))
	}
	if err := xml.Unmarshal([]byte(Chart{Series: []Series{{Y: long}}}.SVG()), &doc); err != nil {
		t.Fatal(err)
	}
	if n := len(strings.Fields(doc.Polylines[0].Points)); n > maxPoints {
		t.Errorf("%d points drawn for 100,000, want at most %d", n, maxPoints)
	}
	if (Chart{Series: []Series{{Y: []float64{-1, 0}}}, LogY: true}).SVG() != "" {
		t.Error("nothing drawable on a log axis should give no chart")
	}
}

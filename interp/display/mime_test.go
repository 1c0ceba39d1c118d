package display

import (
	"encoding/base64"
	"errors"
	"image"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

type point struct {
	X, Y float64
}

type celsius float64

func (c celsius) String() string { return "21.5°C" }

func TestText(t *testing.T) {
	var nilPtr *point
	var nilMap map[string]int
	long := make([]int, 150)
	for i := range long {
		long[i] = i
	}
	tests := []struct {
		v    any
		want string
	}{
		{nil, "nil"},
		{nilPtr, "nil"},
		{nilMap, "nil"},
		{3, "3"},
		{1.0 / 3, "0.3333333333333333"},
		{math.Inf(-1), "-Inf"},
		{"a\nb", `"a\nb"`},
		{[]float64{1, 2.5}, "[1 2.5]"},
		{map[string]int{"b": 2, "a": 1}, "map[a:1 b:2]"},
		{point{1, 2}, "{X:1 Y:2}"},
		{&point{1, 2}, "&{X:1 Y:2}"},
		{celsius(21.5), "21.5°C"},
		{errors.New("boom"), "boom"},
		{long, "[0 1 2 3 4 5 6 7 8 9 … 147 148 149] (len 150)"},
		{mat.NewDense(2, 2, []float64{1, 2, 3, 4}), "⎡1  2⎤\n⎣3  4⎦"},
	}
	for _, tc := range tests {
		if got := Text(tc.v); got != tc.want {
			t.Errorf("Text(%#v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestMIME(t *testing.T) {
	png := MIME(image.NewGray(image.Rect(0, 0, 4, 3)))
	raw, err := base64.StdEncoding.DecodeString(png["image/png"].(string))
	if err != nil || !strings.HasPrefix(string(raw), "\x89PNG") {
		t.Errorf("image/png is not a base64 PNG: %v", err)
	}
	if png["text/plain"] != "<image 4x3>" {
		t.Errorf("text/plain %v", png["text/plain"])
	}
	tests := []struct {
		v          any
		mime, want string
	}{
		{HTML("<b>x</b>"), "text/html", "<b>x</b>"},
		{Markdown("# T"), "text/markdown", "# T"},
		{SVG("<svg/>"), "image/svg+xml", "<svg/>"},
		{Latex(`$x^2$`), "text/latex", `$x^2$`},
		{PNG{1, 2}, "image/png", "AQI="},
		{Bundle{"text/html": "<i>i</i>"}, "text/plain", "<text/html>"},
		{42, "text/plain", "42"},
	}
	for _, tc := range tests {
		if got := MIME(tc.v)[tc.mime]; got != tc.want {
			t.Errorf("MIME(%#v)[%s] = %v, want %q", tc.v, tc.mime, got, tc.want)
		}
	}
	if j := MIME(JSON{map[string]int{"a": 1}}); j["application/json"] == nil || j["text/plain"] != "map[a:1]" {
		t.Errorf("JSON bundle %v", j)
	}
}

func TestShowOutsideACellDoesNothing(t *testing.T) {
	Show(HTML("x")) // must not panic without a session
	Update("id", 1)
	Clear(false)
	if a, b := NewID(), NewID(); a == b {
		t.Errorf("NewID repeated %q", a)
	}
}

package plots

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func rosen(x, y float64) float64 { return (1-x)*(1-x) + 100*(y-x*x)*(y-x*x) }

func TestFigureRendersPNG(t *testing.T) {
	path := [][]float64{{-1.2, 1}, {-1, 0.9}, {-0.5, 0.3}, {0.2, 0.05}, {0.8, 0.6}, {1, 1}}
	f := Contour("Rosenbrock", rosen, -2, 2, -1, 3).Path("gd", path).Mark("minimum", 1, 1)
	b, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if w := img.Bounds().Dx(); w < 300 {
		t.Errorf("image is %d px wide, want a notebook-sized figure", w)
	}
	if dir := os.Getenv("PLOTS_OUT"); dir != "" { // for looking at it: PLOTS_OUT=/tmp go test
		os.WriteFile(filepath.Join(dir, "contour.png"), b, 0o644)
	}
	bundle := f.MIMEBundle()
	enc, ok := bundle["image/png"].(string)
	if !ok {
		t.Fatalf("bundle has no image/png: %v", bundle)
	}
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		t.Fatalf("image/png is not base64: %v", err)
	}
	if bimg, err := png.Decode(bytes.NewReader(raw)); err != nil || bimg.Bounds() != img.Bounds() {
		t.Errorf("image/png does not decode to the figure (err %v)", err)
	}
	if !strings.Contains(bundle["text/plain"].(string), "Rosenbrock") {
		t.Errorf("text/plain = %q, want the title", bundle["text/plain"])
	}
}

func TestFigureErrors(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		fig  *Figure
		want string
	}{
		{"length mismatch", New("t", "x", "y").Line("a", []float64{1, 2}, []float64{1}), "2 x values but 1 y values"},
		{"diverged", New("t", "x", "y").Line("loss", nil, []float64{1, nan}), "point 1"},
		{"empty", New("t", "x", "y").Points("p", nil, nil), "empty"},
		{"short path point", Contour("c", rosen, -1, 1, -1, 1).Path("p", [][]float64{{1}}), "need 2"},
		{"empty range", Contour("c", rosen, 1, -1, -1, 1), "empty"},
		{"nowhere finite", Contour("c", func(x, y float64) float64 { return nan }, -1, 1, -1, 1), "not finite"},
		{"log of zero", New("t", "x", "y").Line("l", nil, []float64{1, 0}).LogY(), "cannot draw"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.fig.PNG()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("PNG error = %v, want one containing %q", err, tt.want)
			}
			text, _ := tt.fig.MIMEBundle()["text/plain"].(string)
			if _, hasImage := tt.fig.MIMEBundle()["image/png"]; hasImage || !strings.Contains(text, tt.want) {
				t.Errorf("bundle text = %q (image %v), want the error and no image", text, hasImage)
			}
		})
	}
}

func TestSave(t *testing.T) {
	dir := t.TempDir()
	f := New("loss", "step", "loss").Line("adam", nil, []float64{3, 2, 1.5, 1.2}).LogY()
	for _, name := range []string{"a.png", "a.svg", "a.pdf"} {
		if err := f.Save(filepath.Join(dir, name)); err != nil {
			t.Errorf("Save(%s): %v", name, err)
		}
	}
	if err := f.Save(filepath.Join(dir, "noext")); err == nil {
		t.Error("Save without an extension: want an error")
	}
}

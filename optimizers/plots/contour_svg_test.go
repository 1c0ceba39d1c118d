package plots

import (
	"bytes"
	"encoding/base64"
	"image"
	_ "image/png"
	"math"
	"regexp"
	"strconv"
	"testing"
)

// The filled map of an SVG figure has the aspect ratio of the plot area it fills: SVG
// viewers keep an embedded image's own ratio, so a square map in a wide plot would be
// drawn as a square in its middle.
func TestFilledContourSVGFillsThePlot(t *testing.T) {
	svg := string(must(Contour("Rosenbrock", rosen, -2, 2, -1, 3).Filled().SVG()))
	m := regexp.MustCompile(`<image [^>]*width="([0-9.]+)" height="([0-9.]+)" xlink:href="data:image/[a-z]+;base64,([^"]+)"`).FindStringSubmatch(svg)
	if m == nil {
		t.Fatal("no embedded image in the SVG of a filled contour")
	}
	w, _ := strconv.ParseFloat(m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	raw, err := base64.StdEncoding.DecodeString(m[3])
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	drawn, own := w/h, float64(img.Bounds().Dx())/float64(img.Bounds().Dy())
	if math.Abs(drawn/own-1) > 0.01 {
		t.Errorf("map drawn in %gx%g (ratio %.3f) from a %v image (ratio %.3f)", w, h, drawn, img.Bounds().Size(), own)
	}
	if img.Bounds().Dx() < fillSamples || img.Bounds().Dy() < fillSamples {
		t.Errorf("map of %v pixels, want at least %d on each side", img.Bounds().Size(), fillSamples)
	}
}

package kernelspec

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
)

// Logo draws the kernel's logo at size×size pixels: a loss curve on a dark tile with a ball
// resting at its minimum. Drawing it in code keeps binary assets out of the repository.
func Logo(size int) ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	bg := color.NRGBA{0x1e, 0x3a, 0x5f, 0xff}
	curve := color.NRGBA{0x7f, 0xd3, 0xff, 0xff}
	ball := color.NRGBA{0xff, 0x8c, 0x42, 0xff}
	s := float64(size)
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			img.Set(x, y, bg)
		}
	}
	// A valley: image y grows downwards, so the curve's lowest point has the largest y.
	c, floor, a := 0.5*s, 0.8*s, 2.4/s
	f := func(x float64) float64 { return floor - a*(x-c)*(x-c) }
	width := math.Max(1.2, s/20)
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			fx := float64(x) + 0.5
			if math.Abs(float64(y)+0.5-f(fx)) <= width*math.Sqrt(1+math.Pow(2*a*(fx-c), 2)) {
				img.Set(x, y, curve)
			}
		}
	}
	r := s / 9
	cy := f(c) - r - width/2
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			if math.Hypot(float64(x)+0.5-c, float64(y)+0.5-cy) <= r {
				img.Set(x, y, ball)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

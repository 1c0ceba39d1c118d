package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Init chooses how weights are drawn; biases always start at zero.
type Init int

const (
	// Auto uses He for layers followed by relu and Xavier for the others.
	Auto Init = iota
	// Xavier (Glorot) uniform: U(-sqrt(6/(in+out)), +sqrt(6/(in+out))), suited to tanh,
	// sigmoid and identity layers.
	Xavier
	// He (Kaiming) normal: N(0, 2/in), suited to relu layers.
	He
	// Zeros starts every weight at zero, the textbook start for linear models.
	Zeros
)

// ParseInit returns the initialization called name: "auto" (or ""), "xavier", "he" or
// "zeros".
func ParseInit(name string) (Init, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "auto":
		return Auto, nil
	case "xavier", "glorot":
		return Xavier, nil
	case "he", "kaiming":
		return He, nil
	case "zeros", "zero":
		return Zeros, nil
	}
	return 0, fmt.Errorf("model: unknown initialization %q; valid: auto, xavier, he, zeros", name)
}

// initialize draws the weights from a generator seeded by seed alone, so the same seed
// gives the same model on every machine.
func (m *Net) initialize(seed uint64, init Init) error {
	if init < Auto || init > Zeros {
		return fmt.Errorf("model %s: unknown initialization %d", m.kind, int(init))
	}
	rng := rand.New(rand.NewPCG(seed, 0x6d6f64656c))
	for i := range m.params {
		m.params[i] = 0
	}
	for _, l := range m.layers {
		how := init
		if how == Auto {
			how = Xavier
			if l.act == ReLU {
				how = He
			}
		}
		w := m.params[l.off : l.off+l.in*l.out]
		switch how {
		case Xavier:
			lim := math.Sqrt(6 / float64(l.in+l.out))
			for i := range w {
				w[i] = (2*rng.Float64() - 1) * lim
			}
		case He:
			std := math.Sqrt(2 / float64(l.in))
			for i := range w {
				w[i] = rng.NormFloat64() * std
			}
		}
	}
	return nil
}

// Reset draws fresh initial parameters from seed, as the constructor did.
func (m *Net) Reset(seed uint64, init Init) error { return m.initialize(seed, init) }

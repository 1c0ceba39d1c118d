package data

import (
	"math"
	"testing"
)

func TestGenerators(t *testing.T) {
	gens := []struct {
		name              string
		make              func(seed uint64) (*Dataset, error)
		features, classes int
	}{
		{"linear", func(s uint64) (*Dataset, error) { return Linear(50, []float64{1, -2, 3}, 0.5, 0.1, s) }, 3, 0},
		{"polynomial", func(s uint64) (*Dataset, error) { return Polynomial(50, []float64{1, 0, -1}, 0.1, s) }, 1, 0},
		{"blobs", func(s uint64) (*Dataset, error) { return Blobs(60, 3, 4, 0.5, s) }, 4, 3},
		{"moons", func(s uint64) (*Dataset, error) { return Moons(60, 0.1, s) }, 2, 2},
		{"circles", func(s uint64) (*Dataset, error) { return Circles(60, 0.05, 0.5, s) }, 2, 2},
		{"spirals", func(s uint64) (*Dataset, error) { return Spirals(60, 3, 0.1, s) }, 2, 3},
	}
	for _, g := range gens {
		a, err := g.make(1)
		if err != nil {
			t.Fatalf("%s: %v", g.name, err)
		}
		if err := a.Validate(); err != nil || a.Features != g.features || a.Classes != g.classes {
			t.Errorf("%s: %v, %v; want %d features, %d classes", g.name, a, err, g.features, g.classes)
		}
		b, _ := g.make(1)
		c, _ := g.make(2)
		same, differ := true, false
		for i := range a.X {
			same = same && a.X[i] == b.X[i]
			differ = differ || a.X[i] != c.X[i]
		}
		if !same || !differ {
			t.Errorf("%s: same seed identical %v, other seed differs %v", g.name, same, differ)
		}
		if g.classes > 0 {
			count := make([]int, g.classes)
			for _, y := range a.Y {
				count[int(y)]++
			}
			for c, k := range count {
				if k != a.N/g.classes {
					t.Errorf("%s: class %d has %d rows, want %d", g.name, c, k, a.N/g.classes)
				}
			}
		}
	}
}

func TestLinearNoiseless(t *testing.T) {
	d, _ := Linear(20, []float64{2, -1}, 3, 0, 9)
	for i := 0; i < d.N; i++ {
		x, y := d.Row(i)
		if want := 2*x[0] - x[1] + 3; math.Abs(y[0]-want) > 1e-12 {
			t.Fatalf("row %d: y = %v, want %v", i, y[0], want)
		}
	}
	p, _ := Polynomial(20, []float64{1, 2, 3}, 0, 9)
	for i := 0; i < p.N; i++ {
		x := p.X[i]
		if want := x*x + 2*x + 3; math.Abs(p.Y[i]-want) > 1e-12 {
			t.Fatalf("row %d: y = %v, want %v", i, p.Y[i], want)
		}
	}
	c, _ := Circles(40, 0, 0.3, 1)
	for i := 0; i < c.N; i++ {
		r := math.Hypot(c.X[2*i], c.X[2*i+1])
		if want := []float64{1, 0.3}[int(c.Y[i])]; math.Abs(r-want) > 1e-12 {
			t.Fatalf("row %d of class %v has radius %v", i, c.Y[i], r)
		}
	}
}

func TestGeneratorErrors(t *testing.T) {
	errs := []error{}
	add := func(_ *Dataset, err error) { errs = append(errs, err) }
	add(Linear(0, []float64{1}, 0, 0, 1))
	add(Linear(5, nil, 0, 0, 1))
	add(Linear(5, []float64{1}, 0, -1, 1))
	add(Polynomial(5, nil, 0, 1))
	add(Blobs(5, 1, 2, 1, 1))
	add(Moons(1, 0.1, 1))
	add(Circles(10, 0.1, 1.5, 1))
	add(Spirals(10, 1, 0.1, 1))
	add(Moons(10, math.NaN(), 1))
	for i, err := range errs {
		if err == nil {
			t.Errorf("case %d: no error", i)
		}
	}
}

func TestSplitAndStandardize(t *testing.T) {
	d, _ := Linear(100, []float64{1, 2}, 0, 0, 3)
	for i := 0; i < d.N; i++ {
		d.X[2*i+1] = 10 + 5*d.X[2*i+1] // a feature far from standard
	}
	train, test, err := Split(d, 0.25, 4)
	if err != nil {
		t.Fatal(err)
	}
	if train.N != 75 || test.N != 25 {
		t.Fatalf("split %d/%d, want 75/25", train.N, test.N)
	}
	// Every original row lands in exactly one part.
	seen := map[float64]int{}
	for _, part := range []*Dataset{train, test} {
		for i := 0; i < part.N; i++ {
			seen[part.X[2*i]]++
		}
	}
	for i := 0; i < d.N; i++ {
		if seen[d.X[2*i]] != 1 {
			t.Fatalf("row %d appears %d times", i, seen[d.X[2*i]])
		}
	}
	s, err := Standardize(train, test)
	if err != nil {
		t.Fatal(err)
	}
	for j := 0; j < 2; j++ {
		var m, v float64
		for i := 0; i < train.N; i++ {
			m += train.X[2*i+j]
		}
		m /= float64(train.N)
		for i := 0; i < train.N; i++ {
			v += (train.X[2*i+j] - m) * (train.X[2*i+j] - m)
		}
		v /= float64(train.N)
		if math.Abs(m) > 1e-12 || math.Abs(v-1) > 1e-12 {
			t.Errorf("feature %d: mean %v, variance %v after standardizing", j, m, v)
		}
	}
	if s.Mean[1] < 5 || s.Std[1] < 2 {
		t.Errorf("scaler %v did not capture the shifted feature", s)
	}
	if _, _, err := Split(d, 1, 0); err == nil {
		t.Error("test fraction 1 accepted")
	}
	other := &Dataset{N: 1, Features: 3, Targets: 1, X: make([]float64, 3), Y: make([]float64, 1)}
	if err := s.Transform(other); err == nil {
		t.Error("feature count mismatch accepted")
	}
}

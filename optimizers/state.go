package optimizers

import (
	"fmt"
	"sort"
)

// State is what an optimizer keeps between steps: a step counter, named vectors and named
// scalars, keyed by torch.optim's state names ("exp_avg", "momentum_buffer", "mu_product").
// Because it is plain data, it can be saved, compared and restored for any optimizer.
type State struct {
	// Steps counts completed steps (torch's "step").
	Steps int
	// Buffers holds vectors: per-parameter ones as long as the parameter vector, and for
	// optimizers that work per tensor, per-tensor values (such as Adafactor's row and
	// column factors) concatenated in tensor order.
	Buffers map[string][]float64
	// Scalars holds per-optimizer numbers.
	Scalars map[string]float64
}

// NewState returns an empty State.
func NewState() *State {
	return &State{Buffers: map[string][]float64{}, Scalars: map[string]float64{}}
}

// Buffer returns the buffer called name with length n, creating it zero-filled on first use
// or when n changed. It does not allocate once the buffer exists.
func (s *State) Buffer(name string, n int) []float64 {
	b, ok := s.Buffers[name]
	if !ok || len(b) != n {
		b = make([]float64, n)
		s.Buffers[name] = b
	}
	return b
}

// Has reports whether a buffer called name exists.
func (s *State) Has(name string) bool {
	_, ok := s.Buffers[name]
	return ok
}

// Scalar returns the scalar called name, or def if it is not set yet.
func (s *State) Scalar(name string, def float64) float64 {
	if v, ok := s.Scalars[name]; ok {
		return v
	}
	return def
}

// Names returns the buffer names in sorted order.
func (s *State) Names() []string {
	names := make([]string, 0, len(s.Buffers))
	for k := range s.Buffers {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// Clone returns a deep copy, for checkpoints.
func (s *State) Clone() *State {
	c := NewState()
	c.Steps = s.Steps
	for k, v := range s.Buffers {
		c.Buffers[k] = append([]float64(nil), v...)
	}
	for k, v := range s.Scalars {
		c.Scalars[k] = v
	}
	return c
}

// Restore replaces s's contents with a copy of from. Buffers that exist in both must have
// the same length, so a checkpoint of another model is refused rather than half applied.
func (s *State) Restore(from *State) error {
	if from == nil {
		return fmt.Errorf("optimizers: restore from a nil state")
	}
	for k, v := range from.Buffers {
		if b, ok := s.Buffers[k]; ok && len(b) != len(v) {
			return fmt.Errorf("optimizers: restore: buffer %q has length %d, checkpoint has %d", k, len(b), len(v))
		}
	}
	c := from.Clone()
	s.Steps, s.Buffers, s.Scalars = c.Steps, c.Buffers, c.Scalars
	return nil
}

// Reset forgets all state, as a freshly constructed optimizer has none.
func (s *State) Reset() {
	s.Steps = 0
	s.Buffers = map[string][]float64{}
	s.Scalars = map[string]float64{}
}

package model

import (
	"fmt"

	"github.com/descentlab/descent/optimizers"
)

// Tensors describes the parameter vector as tensors for the optimizers that work per
// tensor (optimizers.Shaped): for every layer i, its weights "layer<i>.weight" of shape
// [inputs, outputs], row-major as y = x*W uses them (the transpose of torch's Linear
// weight), followed by its biases "layer<i>.bias" of shape [outputs]. train.Fit hands
// them to the optimizer; with Minimize, pass them yourself:
//
//	optimizers.SetShapes(opt, m.Tensors())
//
// It reads the layout through Weights, so it describes exactly what Params holds.
func (m *Net) Tensors() []optimizers.Tensor {
	var ts []optimizers.Tensor
	off := 0
	for i := 0; ; i++ {
		w, b, err := m.Weights(i)
		if err != nil || len(b) == 0 {
			break
		}
		out := len(b)
		ts = append(ts,
			optimizers.Tensor{Name: fmt.Sprintf("layer%d.weight", i), Offset: off, Shape: []int{len(w) / out, out}},
			optimizers.Tensor{Name: fmt.Sprintf("layer%d.bias", i), Offset: off + len(w), Shape: []int{out}})
		off += len(w) + len(b)
	}
	return ts
}

// Interface check: every model of this package describes its tensors.
var _ optimizers.TensorSource = (*Net)(nil)

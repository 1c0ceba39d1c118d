package train

import (
	"context"
	"testing"

	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/model"
)

// TestFitNamedFoldsNames: FitNamed accepts any spelling the loss and optimizer
// registries fold to a known name, such as torch's class name CrossEntropy.
func TestFitNamedFoldsNames(t *testing.T) {
	for _, tt := range []struct{ loss, opt string }{
		{"cross_entropy", "adam"},
		{"CrossEntropy", "Adam"},
		{"cross-entropy", "ADAM"},
		{"Softmax Cross Entropy", "ad_am"},
	} {
		d := mustData(data.Moons(20, 0.1, 1))
		h, err := FitNamed(context.Background(), mustNet(model.NewSoftmax(2, 2)), tt.loss, d, tt.opt, map[string]any{"lr": 0.01}, Options{})
		if err != nil || h.Steps != 1 {
			t.Errorf("FitNamed(%q, %q): %v, %v steps; want 1 step", tt.loss, tt.opt, err, h)
		}
	}
}

package train

import (
	"context"
	"fmt"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
)

// FitNamed is Fit with the loss and the optimizer given by their registered names, such
// as FitNamed(ctx, m, "cross_entropy", d, "adam", map[string]any{"lr": 0.01}, o). The loss
// takes its default arguments; build it with loss.New to pass some.
func FitNamed(ctx context.Context, m model.Model, lossName string, d *data.Dataset, optimizer string, hyper map[string]any, o Options) (*History, error) {
	l, err := loss.New(lossName, nil)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	opt, err := optimizers.New(optimizer, hyper)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	return Fit(ctx, m, l, d, opt, o)
}

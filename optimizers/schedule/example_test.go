package schedule_test

import (
	"fmt"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/schedule"
)

func ExampleNew() {
	o := optimizers.NewSGD(0.1)
	s, err := schedule.New("StepLR", o, map[string]any{"step_size": 2, "gamma": 0.5})
	if err != nil {
		fmt.Println(err)
		return
	}
	for epoch := 0; epoch < 5; epoch++ {
		fmt.Printf("epoch %d: lr %.3f\n", epoch, s.LR()[0])
		// ... train one epoch with o ...
		s.Step()
	}
	// Output:
	// epoch 0: lr 0.100
	// epoch 1: lr 0.100
	// epoch 2: lr 0.050
	// epoch 3: lr 0.050
	// epoch 4: lr 0.025
}

func ExampleNew_errors() {
	_, err := schedule.New("StepLR", optimizers.NewSGD(0.1), map[string]any{"stepsize": 2})
	fmt.Println(err)
	// Output:
	// schedule: StepLR: unknown arg "stepsize" (valid: gamma, last_epoch, step_size, verbose)
}

func ExampleNewSequentialLR() {
	o := optimizers.NewSGD(1)
	warm, _ := schedule.NewLinearWarmup(o, 2, 0)
	cos, _ := schedule.NewCosineAnnealingLR(o, 4, 0)
	s, err := schedule.NewSequentialLR(o, []schedule.Scheduler{warm, cos}, []int{2})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := 0; i < 7; i++ {
		fmt.Printf("%.3f ", s.LR()[0])
		s.Step()
	}
	fmt.Println()
	// Output:
	// 0.000 0.500 1.000 0.854 0.500 0.146 0.000
}

func ExampleReduceLROnPlateau() {
	o := optimizers.NewSGD(0.1)
	opt := schedule.PlateauDefaults()
	opt.Patience = 1
	s, _ := schedule.NewReduceLROnPlateau(o, opt)
	for _, loss := range []float64{1.0, 0.5, 0.6, 0.55, 0.7, 0.4} {
		s.StepMetric(loss)
		fmt.Printf("loss %.2f -> lr %.3f\n", loss, s.LR()[0])
	}
	// Output:
	// loss 1.00 -> lr 0.100
	// loss 0.50 -> lr 0.100
	// loss 0.60 -> lr 0.100
	// loss 0.55 -> lr 0.010
	// loss 0.70 -> lr 0.010
	// loss 0.40 -> lr 0.010
}

// halving is a schedule written outside the package, as a notebook plugin would be: it
// needs only Step and LR.
type halving struct{ o optimizers.Optimizer }

func (s *halving) Step() {
	for _, h := range optimizers.HypersOf(s.o) {
		_ = h.Set("lr", h.Float("lr")/2)
	}
}

func (s *halving) LR() []float64 {
	var lrs []float64
	for _, h := range optimizers.HypersOf(s.o) {
		lrs = append(lrs, h.Float("lr"))
	}
	return lrs
}

func ExampleRegister() {
	err := schedule.Register("halving", func(o optimizers.Optimizer, args map[string]any) (schedule.Scheduler, error) {
		return &halving{o}, nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	s, _ := schedule.New("Halving", optimizers.NewSGD(0.8), nil)
	s.Step()
	s.Step()
	fmt.Println(s.LR())
	// Output:
	// [0.2]
}

package loss

import (
	"fmt"
	"testing"
)

func TestLossesPrintLikeTorch(t *testing.T) {
	tests := []struct {
		l    Loss
		want string
	}{
		{MSE{}, "MSELoss(reduction='mean')"},
		{MAE{Reduction: Sum}, "L1Loss(reduction='sum')"},
		{Huber{}, "HuberLoss(reduction='mean', delta=1)"},
		{Huber{Delta: 0.5}, "HuberLoss(reduction='mean', delta=0.5)"},
		{Quantile{Q: 0.9}, "QuantileLoss(q=0.9, reduction='mean')"},
		{BCE{}, "BCELoss(reduction='mean')"},
		{Hinge{}, "HingeLoss(reduction='mean')"},
		{CrossEntropy{Reduction: Sum}, "CrossEntropyLoss(reduction='sum')"},
	}
	for _, tc := range tests {
		if got := fmt.Sprint(tc.l); got != tc.want {
			t.Errorf("%T prints %q, want %q", tc.l, got, tc.want)
		}
	}
}

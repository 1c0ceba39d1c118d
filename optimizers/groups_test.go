package optimizers

import (
	"fmt"
	"strings"
	"testing"
)

func TestGroupsStepEachSlice(t *testing.T) {
	a, b := NewSGD(0.5), NewSGD(0.25)
	o, err := NewGroups([]Group{{Size: 2, Opt: a}, {Size: 1, Opt: b}})
	if err != nil {
		t.Fatal(err)
	}
	p := []float64{1, 1, 1}
	if err := o.Step(p, []float64{2, 4, 4}); err != nil {
		t.Fatal(err)
	}
	if want := []float64{0, -1, 0}; p[0] != want[0] || p[1] != want[1] || p[2] != want[2] {
		t.Errorf("p = %v, want %v", p, want)
	}
	hs := HypersOf(o)
	if len(hs) != 2 || hs[0] != a.Hyper() || hs[1] != b.Hyper() {
		t.Errorf("HypersOf(groups) = %v, want both groups' hyper-parameters", hs)
	}
	if o.Hyper() != a.Hyper() {
		t.Error("Hyper() is not the first group's")
	}
	if a.State().Steps != 1 || b.State().Steps != 1 || o.State().Steps != 1 {
		t.Errorf("Steps: groups %d %d, whole %d; want 1 each", a.State().Steps, b.State().Steps, o.State().Steps)
	}
	if err := o.Step([]float64{1, 2}, []float64{1, 2}); err == nil || !strings.Contains(err.Error(), "cover 3") {
		t.Errorf("Step with 2 params: err = %v", err)
	}
	if err := o.Step([]float64{1, 2, 3}, []float64{1, 2}); err == nil || !strings.Contains(err.Error(), "3 params but 2 grads") {
		t.Errorf("Step with 3 params, 2 grads: err = %v", err)
	}
}

func TestNewGroupsErrors(t *testing.T) {
	tests := []struct {
		groups []Group
		want   string
	}{
		{nil, "no groups"},
		{[]Group{{Size: 2}}, "group 0 has no optimizer"},
		{[]Group{{Size: 1, Opt: NewAdam()}, {Size: 0, Opt: NewAdam()}}, "group 1 (Adam) has Size 0"},
	}
	for _, tt := range tests {
		_, err := NewGroups(tt.groups)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewGroups(%v): err = %v, want %q", tt.groups, err, tt.want)
		}
	}
}

func TestGroupErrorNamesTheGroup(t *testing.T) {
	bad := NewSGD(0.1)
	o, err := NewGroups([]Group{{Size: 1, Opt: NewSGD(0.1)}, {Size: 1, Opt: bad}})
	if err != nil {
		t.Fatal(err)
	}
	bad.Hyper().Check = nil
	_ = bad.Hyper().Set("lr", -1.0)
	err = o.Step([]float64{1, 1}, []float64{1, 1})
	if err == nil || !strings.Contains(err.Error(), "group 1") || !strings.Contains(err.Error(), "lr") {
		t.Errorf("err = %v, want group 1's lr error", err)
	}
}

func TestGroupsString(t *testing.T) {
	g, err := NewGroups([]Group{{Size: 2, Opt: NewSGD(0.1)}, {Size: 3, Opt: NewAdam()}})
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(g)
	if !strings.HasPrefix(got, "Groups(SGD(lr=0.1, ") || !strings.Contains(got, ") [2 params], Adam(lr=0.001, betas=(0.9, 0.999)") || !strings.HasSuffix(got, ") [3 params])") {
		t.Errorf("Groups prints %q", got)
	}
}

package optimizers

import (
	"fmt"
	"strings"
)

// Group is one parameter group: the next Size elements of the flat parameter vector,
// updated by Opt with its own hyper-parameters and state (torch's param_groups).
type Group struct {
	Size int
	Opt  Optimizer
}

// Groups is an optimizer made of parameter groups laid end to end in the parameter
// vector. It implements Grouped, so schedules drive every group's lr.
type Groups struct {
	*Base
	groups []Group
	size   int
}

// NewGroups returns an optimizer that steps each group's optimizer on its own contiguous
// slice, in order. Every group needs a positive Size and a non-nil Opt of its own (one
// optimizer serving two groups would mix their state). The result is a *Groups.
func NewGroups(groups []Group) (Optimizer, error) {
	if len(groups) == 0 {
		return nil, fmt.Errorf("optimizers: NewGroups: no groups")
	}
	names := make([]string, len(groups))
	size := 0
	for i, g := range groups {
		if g.Opt == nil {
			return nil, fmt.Errorf("optimizers: NewGroups: group %d has no optimizer", i)
		}
		if g.Size <= 0 {
			return nil, fmt.Errorf("optimizers: NewGroups: group %d (%s) has Size %d; want > 0", i, g.Opt.Name(), g.Size)
		}
		names[i] = g.Opt.Name()
		size += g.Size
	}
	return &Groups{
		Base:   NewBase("Groups("+strings.Join(names, ", ")+")", nil),
		groups: append([]Group(nil), groups...),
		size:   size,
	}, nil
}

// Groups returns the per-group optimizers in parameter order.
func (o *Groups) Groups() []Optimizer {
	opts := make([]Optimizer, len(o.groups))
	for i, g := range o.groups {
		opts[i] = g.Opt
	}
	return opts
}

// Size returns the length of parameter vector the groups cover.
func (o *Groups) Size() int { return o.size }

// Hyper returns the first group's hyper-parameters, as torch reports
// optimizer.param_groups[0]; use HypersOf or Groups for the others.
func (o *Groups) Hyper() *Hyper { return o.groups[0].Opt.Hyper() }

// State returns the groups' own state, which counts steps only; each group's buffers live
// in that group's optimizer's State.
func (o *Groups) State() *State { return o.Base.State() }

// Step steps every group on its slice of params and grads.
func (o *Groups) Step(params, grads []float64) error {
	if len(params) != len(grads) {
		return fmt.Errorf("%s: %d params but %d grads", o.Name(), len(params), len(grads))
	}
	if len(params) != o.size {
		return fmt.Errorf("%s: %d params but the groups cover %d", o.Name(), len(params), o.size)
	}
	off := 0
	for i, g := range o.groups {
		end := off + g.Size
		if err := g.Opt.Step(params[off:end:end], grads[off:end:end]); err != nil {
			return fmt.Errorf("%s: group %d: %w", o.Name(), i, err)
		}
		off = end
	}
	o.Base.State().Steps++
	return nil
}

// String lists the groups as torch lists param_groups: each group's optimizer with its
// hyper-parameters and how many parameters it covers, such as
// "Groups(SGD(lr=0.1) [2 params], Adam(lr=0.001, ...) [3 params])".
func (o *Groups) String() string {
	parts := make([]string, len(o.groups))
	for i, g := range o.groups {
		parts[i] = fmt.Sprintf("%s [%d params]", Describe(g.Opt), g.Size)
	}
	return "Groups(" + strings.Join(parts, ", ") + ")"
}

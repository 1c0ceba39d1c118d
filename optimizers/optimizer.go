package optimizers

// Optimizer is an optimization algorithm that updates one flat parameter vector in place.
//
// Everything an optimizer needs to resume lives in its State, and every tunable number in
// its Hyper, so schedules, checkpoints and users work the same on built-ins and on
// optimizers written in a notebook. An implementation embeds *Base for both and writes
// only Step.
type Optimizer interface {
	// Name is the optimizer's display name, such as "Adam".
	Name() string
	// Step updates params in place from grads, which must have the same length.
	Step(params, grads []float64) error
	// Hyper returns the live hyper-parameters; changes take effect at the next Step.
	Hyper() *Hyper
	// State returns the buffers and counters the optimizer keeps between steps.
	State() *State
}

// Base holds the name, hyper-parameters and state of an optimizer. Embed *Base (a pointer:
// yaegi promotes pointer methods only that way) to get Name, Hyper and State.
type Base struct {
	name  string
	hyper *Hyper
	state *State
	rule  *Rule // this instance's own update rule, set by SetRule
}

// NewBase returns a Base named name whose hyper-parameters start at defaults (see NewHyper).
func NewBase(name string, defaults map[string]any) *Base {
	return &Base{name: name, hyper: NewHyper(name, defaults), state: NewState()}
}

// Name returns the optimizer's display name.
func (b *Base) Name() string { return b.name }

// Hyper returns the live hyper-parameters.
func (b *Base) Hyper() *Hyper { return b.hyper }

// State returns the optimizer's state.
func (b *Base) State() *State { return b.state }

// SetRule gives this optimizer its own update rule, shown by its rich display. It is how
// an optimizer written in a notebook (a type embedding *Base) explains itself, since
// compiled code cannot ask an interpreted type for methods it may have; RegisterRule
// does the same for every optimizer of a name.
func (b *Base) SetRule(r Rule) { b.rule = &r }

// Rule returns the update rule set with SetRule, else the one registered for the
// optimizer's name, and false when there is neither.
func (b *Base) Rule() (Rule, bool) {
	if b == nil {
		return Rule{}, false
	}
	if b.rule != nil {
		return *b.rule, true
	}
	return RuleOf(b.name)
}

// Grouped is implemented by optimizers whose parameters fall into groups, each with its
// own hyper-parameters, as torch's param_groups. Groups returns one Optimizer per group,
// whose Hyper holds that group's settings and whose State its state, so that schedules
// (through HypersOf), StateWords and a checkpoint of every group's State reach them all.
//
// Which parameters form a group is the optimizer's own rule, and a group need not be a
// contiguous slice of the parameter vector: Groups (NewGroups) lays its groups end to end
// as contiguous slices, in order; Muon's two groups are its weight matrices and all the
// other parameters, interleaved as the tensors are (see SetShapes); Lookahead and
// Transformed show the groups of the optimizer they wrap. A group's Optimizer is a handle
// on its settings and state, not necessarily something that steps the group alone
// (stepping one of Muon's steps all of Muon): step the Grouped optimizer itself.
type Grouped interface {
	Optimizer
	// Groups returns the per-group optimizers in the optimizer's group order: parameter
	// order for Groups, the Muon group then the Adam group for Muon.
	Groups() []Optimizer
}

// HypersOf returns the hyper-parameters of every parameter group of o: one per group for a
// Grouped optimizer, else just o.Hyper(). Schedules use it to drive each group's lr.
func HypersOf(o Optimizer) []*Hyper {
	if g, ok := o.(Grouped); ok {
		groups := g.Groups()
		hs := make([]*Hyper, len(groups))
		for i, sub := range groups {
			hs[i] = sub.Hyper()
		}
		return hs
	}
	return []*Hyper{o.Hyper()}
}

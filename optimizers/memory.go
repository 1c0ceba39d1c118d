package optimizers

// StateWords returns how many float64 values o keeps between steps: the lengths of all
// its State buffers plus its State scalars, summed over every State reachable from o
// (the groups of a Grouped optimizer, the optimizer a wrapper such as Transformed or
// Lookahead wraps), each State counted once. Scratch space an optimizer reuses within a
// step is not state and is not counted. Because it reads State, it works for plugins too.
//
// State is created on the first step, so step once before asking. Divided by the number
// of parameters it is the familiar figure: 0 for SGD, 1 for momentum, 2 for Adam, about
// (rows+cols)/(rows·cols) for Adafactor on a matrix:
//
//	o.Step(p, g)
//	fmt.Printf("%s: %.3g words per parameter\n", o.Name(), float64(StateWords(o))/float64(len(p)))
func StateWords(o Optimizer) int {
	n := 0
	walkStates(o, map[*State]bool{}, func(st *State) {
		for _, b := range st.Buffers {
			n += len(b)
		}
		n += len(st.Scalars)
	})
	return n
}

// StateBytes returns 8·StateWords(o), the bytes of state o keeps.
func StateBytes(o Optimizer) int { return 8 * StateWords(o) }

// walkStates calls visit once for every distinct State reachable from o.
func walkStates(o Optimizer, seen map[*State]bool, visit func(*State)) {
	if o == nil {
		return
	}
	// An optimizer whose State was seen has been walked already: a wrapper shares its
	// inner optimizer's State, and Muon lists itself among its groups.
	st := o.State()
	if st == nil || seen[st] {
		return
	}
	seen[st] = true
	visit(st)
	if g, ok := o.(Grouped); ok {
		for _, sub := range g.Groups() {
			walkStates(sub, seen, visit)
		}
	}
	if w, ok := o.(interface{ Unwrap() Optimizer }); ok {
		walkStates(w.Unwrap(), seen, visit)
	}
}

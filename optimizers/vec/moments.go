package vec

// EMA updates the moving average m of g: m[i] = m[i]*beta + (1-beta)*g[i], torch's
// exp_avg.mul_(beta).add_(g, alpha=1-beta).
func EMA(m []float64, beta float64, g []float64) error {
	if err := sameLen("EMA", "m, g", len(m), len(g)); err != nil {
		return err
	}
	g = g[:len(m)]
	c := 1 - beta
	for i, gi := range g {
		m[i] = m[i]*beta + c*gi
	}
	return nil
}

// EMASq updates the moving average v of g*g: v[i] = v[i]*beta + ((1-beta)*g[i])*g[i],
// torch's exp_avg_sq.mul_(beta).addcmul_(g, g, value=1-beta).
func EMASq(v []float64, beta float64, g []float64) error {
	if err := sameLen("EMASq", "v, g", len(v), len(g)); err != nil {
		return err
	}
	g = g[:len(v)]
	c := 1 - beta
	for i, gi := range g {
		v[i] = v[i]*beta + (c*gi)*gi
	}
	return nil
}

// Moments does EMA(m, beta1, g) and EMASq(v, beta2, g) in one pass over g.
func Moments(m, v []float64, beta1, beta2 float64, g []float64) error {
	if err := sameLen("Moments", "m, v, g", len(m), len(v), len(g)); err != nil {
		return err
	}
	v, g = v[:len(m)], g[:len(m)]
	c1, c2 := 1-beta1, 1-beta2
	start := 0
	if useSIMD && len(m) >= 4 {
		// Plugins call Moments on every block of an update (see Blocks).
		start = len(m) &^ 3
		momentsAVX(&m[0], &v[0], &g[0], start, beta1, c1, beta2, c2)
	}
	for i := start; i < len(m); i++ {
		gi := g[i]
		m[i] = m[i]*beta1 + c1*gi
		v[i] = v[i]*beta2 + (c2*gi)*gi
	}
	return nil
}

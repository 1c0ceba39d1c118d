package optimizers

import "math"

// Constants of torch's _strong_wolfe. torch's LBFGS calls it without passing its own
// tolerance_change, so the line search always uses 1e-9 whatever the hyper-parameter says.
const (
	wolfeC1        = 1e-4
	wolfeC2        = 0.9
	wolfeMaxLS     = 25
	wolfeTolChange = 1e-9
)

// strongWolfe searches along d from o.xInit for a step t satisfying the strong Wolfe
// conditions, bracketing then zooming with cubic interpolation as torch 1.13's
// _strong_wolfe (after minFunc's lswolfe). f, g and gtd are the loss, gradient and
// directional derivative at t = 0. On return g holds the gradient at the chosen step;
// the loss, the step and the number of closure calls are returned. params is scratch
// for the trial points.
func (o *LBFGS) strongWolfe(params []float64, closure Closure, t float64, d []float64, f float64, g []float64, gtd float64) (float64, float64, int) {
	dNorm := lbMaxAbs(d)
	gNew, gPrev := o.gNew, o.gPrev
	copy(gPrev, g) // g_prev starts as the gradient at t = 0
	eval := func(step float64, grad []float64) float64 {
		for i := range params {
			params[i] = o.xInit[i] + step*d[i]
		}
		return closure(params, grad)
	}

	fNew := eval(t, gNew)
	evals := 1
	gtdNew := lbDot(gNew, d)

	tPrev, fPrev, gtdPrev := 0.0, f, gtd
	var bracket, bracketF, bracketGtd [2]float64
	bracketG := [2][]float64{o.bg0, o.bg1}
	nBracket := 0
	done := false
	lsIter := 0
	for lsIter < wolfeMaxLS {
		if fNew > f+wolfeC1*t*gtd || (lsIter > 1 && fNew >= fPrev) {
			bracket, bracketF, bracketGtd = [2]float64{tPrev, t}, [2]float64{fPrev, fNew}, [2]float64{gtdPrev, gtdNew}
			copy(bracketG[0], gPrev)
			copy(bracketG[1], gNew)
			nBracket = 2
			break
		}
		if math.Abs(gtdNew) <= -wolfeC2*gtd {
			bracket[0], bracketF[0] = t, fNew
			copy(bracketG[0], gNew)
			nBracket = 1
			done = true
			break
		}
		if gtdNew >= 0 {
			bracket, bracketF, bracketGtd = [2]float64{tPrev, t}, [2]float64{fPrev, fNew}, [2]float64{gtdPrev, gtdNew}
			copy(bracketG[0], gPrev)
			copy(bracketG[1], gNew)
			nBracket = 2
			break
		}
		// Extrapolate: the minimum lies beyond t.
		minStep := t + 0.01*(t-tPrev)
		maxStep := t * 10
		tmp := t
		t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep)
		tPrev, fPrev, gtdPrev = tmp, fNew, gtdNew
		copy(gPrev, gNew)
		fNew = eval(t, gNew)
		evals++
		gtdNew = lbDot(gNew, d)
		lsIter++
	}
	if lsIter == wolfeMaxLS {
		bracket, bracketF = [2]float64{0, t}, [2]float64{f, fNew}
		copy(bracketG[0], g)
		copy(bracketG[1], gNew)
		nBracket = 2
	}

	// Zoom until a point satisfies the conditions or the bracket is too small.
	low, high := 0, 1
	if !(bracketF[0] <= bracketF[nBracket-1]) {
		low, high = 1, 0
	}
	insufProgress := false
	for !done && lsIter < wolfeMaxLS {
		if math.Abs(bracket[1]-bracket[0])*dNorm < wolfeTolChange {
			break
		}
		t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1],
			pyMin(bracket[0], bracket[1]), pyMax(bracket[0], bracket[1]))

		// A trial too close to an end of the bracket makes little progress; after two
		// such in a row (or one outside), move it 10% of the bracket inside.
		bMax, bMin := pyMax(bracket[0], bracket[1]), pyMin(bracket[0], bracket[1])
		eps := 0.1 * (bMax - bMin)
		if pyMin(bMax-t, t-bMin) < eps {
			if insufProgress || t >= bMax || t <= bMin {
				if math.Abs(t-bMax) < math.Abs(t-bMin) {
					t = bMax - eps
				} else {
					t = bMin + eps
				}
				insufProgress = false
			} else {
				insufProgress = true
			}
		} else {
			insufProgress = false
		}

		fNew = eval(t, gNew)
		evals++
		gtdNew = lbDot(gNew, d)
		lsIter++

		if fNew > f+wolfeC1*t*gtd || fNew >= bracketF[low] {
			// Armijo fails or no lower than the low end: t becomes the high end.
			bracket[high], bracketF[high], bracketGtd[high] = t, fNew, gtdNew
			copy(bracketG[high], gNew)
			if bracketF[0] <= bracketF[1] {
				low, high = 0, 1
			} else {
				low, high = 1, 0
			}
		} else {
			if math.Abs(gtdNew) <= -wolfeC2*gtd {
				done = true
			} else if gtdNew*(bracket[high]-bracket[low]) >= 0 {
				// The old high end becomes the low end.
				bracket[high], bracketF[high], bracketGtd[high] = bracket[low], bracketF[low], bracketGtd[low]
				copy(bracketG[high], bracketG[low])
			}
			bracket[low], bracketF[low], bracketGtd[low] = t, fNew, gtdNew
			copy(bracketG[low], gNew)
		}
	}
	copy(g, bracketG[low])
	return bracketF[low], bracket[low], evals
}

// cubicInterpolate returns the minimiser of the cubic through (x1, f1) and (x2, f2) with
// slopes g1 and g2, clamped to [lo, hi], or the middle of [lo, hi] when the cubic has no
// minimum: torch's _cubic_interpolate, from minFunc's polyinterp.
func cubicInterpolate(x1, f1, g1, x2, f2, g2, lo, hi float64) float64 {
	d1 := g1 + g2 - 3*(f1-f2)/(x1-x2)
	d2sq := d1*d1 - g1*g2
	if d2sq >= 0 {
		d2 := math.Sqrt(d2sq)
		var minPos float64
		if x1 <= x2 {
			minPos = x2 - (x2-x1)*((g2+d2-d1)/(g2-g1+2*d2))
		} else {
			minPos = x1 - (x1-x2)*((g1+d2-d1)/(g1-g2+2*d2))
		}
		return pyMin(pyMax(minPos, lo), hi)
	}
	return (lo + hi) / 2.0
}

// pyMin and pyMax are Python's min and max of two floats: the first argument wins unless
// the second is strictly smaller (larger), which fixes what happens with NaN.
func pyMin(a, b float64) float64 {
	if b < a {
		return b
	}
	return a
}

func pyMax(a, b float64) float64 {
	if b > a {
		return b
	}
	return a
}

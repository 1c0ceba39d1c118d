package vec

// The AVX2+FMA kernels of the optimizers beyond torch.optim read their coefficients from
// a block of lanes (each coefficient repeated four times, so an instruction can take it
// straight from memory) followed by int64 flags that switch optional terms, exactly as
// the Go loops test the same conditions. Every kernel computes, lane by lane, the same
// IEEE operations in the same order as its Go loop, with the same fused multiply-adds
// (math.FMA is one VFMADD instruction), so the two give identical bits; TestExtSIMDMatchesScalar
// checks it.

// lanes is one coefficient broadcast to the four lanes of a YMM register.
type lanes [4]float64

func bcast(x float64) lanes { return lanes{x, x, x, x} }

func flag(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

type yogiConsts struct {
	wd, b1, c1, nc2, nss, bc2s, eps, one, negOne lanes
	wdOn                                         int64
}

type adaboundConsts struct {
	wd, b1, c1, b2, c2, ss, lo, hi, eps lanes
	wdOn, amsOn                         int64
}

type qhadamConsts struct {
	keep, wd, a1, c1, a2, c2, nu1, d1, nu2, d2, nlr, eps lanes
	decayOn, wdOn, d1On, d2On, epsOn                     int64
}

type madgradConsts struct {
	wd, lamb, eps, ck, keep, third, one, k1, k0, lo, hi, sign lanes
	magic, div3                                               [4]uint64
	perm                                                      [8]uint32
	wdOn                                                      int64
	twoNinths                                                 lanes
}

type lambConsts struct {
	b1, c1, b2, c2, eps, wd, scale lanes
	wdOn                           int64
}

type novogradConsts struct {
	denom, wd, avg, b1, nlr lanes
	wdOn                    int64
}

type sfAdamConsts struct {
	ndecay, c2, b2, bc2, eps, nlr, ckp1, keep, c1, b1 lanes
	decayOn                                           int64 // 0 none, 1 at y (p), 2 at z
}

type sfSGDConsts struct {
	wd, nlr, ckp1, keep, c1, b1 lanes
	wdOn                        int64
}

type larsConsts struct {
	wd, scale, mom, damp, nlr lanes
	scaled, nesterov          int64
}

// lanes8 is one coefficient broadcast to the eight lanes of a ZMM register.
type lanes8 [8]float64

func bcast8(x float64) lanes8 { return lanes8{x, x, x, x, x, x, x, x} }

// madgrad512Consts is madgradConsts for the AVX-512 kernel.
type madgrad512Consts struct {
	wd, lamb, eps, ck, keep, third, one, k1, k0, lo, hi, sign lanes8
	magic, div3                                               [8]uint64
	perm                                                      [16]uint32
	wdOn                                                      int64
	twoNinths                                                 lanes8
}

//go:build race

package interp

// raceEnabled skips tests of interrupts under the race detector: yaegi's cancellation
// leaves its evaluation goroutine running unsynchronized with the next evaluation (the
// session waits for it to end, which the detector cannot see as synchronization).
const raceEnabled = true

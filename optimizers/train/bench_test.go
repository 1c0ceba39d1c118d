package train

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
)

func moonsSetup(tb testing.TB, n int) (*model.Net, *data.Dataset) {
	d := mustData(data.Moons(n, 0.1, 1))
	m := mustNet(model.NewMLP(model.MLPConfig{Sizes: []int{2, 64, 64, 2}, Activations: []string{"relu"}, Seed: 1, Classes: 2}))
	return m, d
}

// digitsSetup is a network and data set the size of an MNIST exercise: a 784-256-256-10
// relu MLP on 10,000 rows of 784 features in 10 Gaussian blobs.
func digitsSetup(tb testing.TB) (*model.Net, *data.Dataset) {
	d := mustData(data.Blobs(10000, 10, 784, 1, 1))
	m := mustNet(model.NewMLP(model.MLPConfig{Sizes: []int{784, 256, 256, 10}, Activations: []string{"relu"}, Seed: 1, Classes: 10}))
	return m, d
}

// stepAllocs measures the allocations of one training step once training is under way.
func stepAllocs(tb testing.TB, m *model.Net, d *data.Dataset, batch int) float64 {
	tr, err := newTrainer(context.Background(), m, loss.CrossEntropy{}, d, adam(tb, 1e-3), Options{Epochs: 100, BatchSize: batch, Metrics: []Metric{Accuracy()}})
	if err != nil {
		tb.Fatal(err)
	}
	tr.epoch = 1
	s := 0
	step := func() {
		s = s%tr.stepsPerEpoch + 1
		if err := tr.step(s); err != nil {
			tb.Fatal(err)
		}
	}
	step()
	return testing.AllocsPerRun(50, step)
}

func TestStepDoesNotAllocate(t *testing.T) {
	m, d := moonsSetup(t, 1000)
	// 1000 rows in batches of 256 end with a short batch, which must not allocate either.
	if a := stepAllocs(t, m, d, 256); a != 0 {
		t.Errorf("%v allocations per step, want 0", a)
	}
}

// epoch trains m on d for one epoch with Adam and returns its duration.
func epoch(tb testing.TB, m *model.Net, d *data.Dataset, batch int, seed uint64) time.Duration {
	h, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, adam(tb, 1e-3), Options{Epochs: 1, BatchSize: batch, Seed: seed})
	if err != nil {
		tb.Fatal(err)
	}
	return h.Time
}

// BenchmarkFitMoons trains a 2-64-64-2 relu MLP for one epoch on 100,000 two-moons points
// with batch 256 and Adam: ns/op is the time per epoch (391 steps), allocs/step the
// steady-state allocations of one step.
func BenchmarkFitMoons(b *testing.B) {
	m, d := moonsSetup(b, 100000)
	allocs := stepAllocs(b, m, d, 256)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		epoch(b, m, d, 256, uint64(i))
	}
	b.ReportMetric(allocs, "allocs/step")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/epoch")
}

// BenchmarkFitDigits trains the 784-256-256-10 relu MLP for one epoch on 10,000 rows with
// batch 128 and Adam (79 steps).
func BenchmarkFitDigits(b *testing.B) {
	m, d := digitsSetup(b)
	allocs := stepAllocs(b, m, d, 128)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		epoch(b, m, d, 128, uint64(i))
	}
	b.ReportMetric(allocs, "allocs/step")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/epoch")
}

// torchPeer is scripts/bench_train.py serving epoch timings of torch 1.13 on our data.
type torchPeer struct {
	in  io.WriteCloser
	out *bufio.Scanner
}

const python = "/usr/bin/python3" // Debian's, where python3-torch installs torch

// The peer is started once per test binary, as torch takes seconds to import and the
// testing package runs a benchmark once with b.N = 1 before the requested rounds. It
// exits when the binary does: its stdin closes.
var peer struct {
	once sync.Once
	p    *torchPeer
	err  error
}

func startTorch(b *testing.B, sets map[string]*data.Dataset) *torchPeer {
	if err := exec.Command(python, "-c", "import torch").Run(); err != nil {
		b.Skipf("torch is not importable by %s (%v): apt-get install python3-torch", python, err)
	}
	peer.once.Do(func() { peer.p, peer.err = launchTorch(sets) })
	if peer.err != nil {
		b.Fatal(peer.err)
	}
	return peer.p
}

func launchTorch(sets map[string]*data.Dataset) (*torchPeer, error) {
	dir, err := os.MkdirTemp("", "bench_train")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir) // the script has read the data once it says ready
	for name, d := range sets {
		for ext, vs := range map[string][]float64{".x": d.X, ".y": d.Y} {
			buf := make([]byte, 0, 8*len(vs))
			for _, v := range vs {
				buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(v))
			}
			if err := os.WriteFile(filepath.Join(dir, name+ext), buf, 0o600); err != nil {
				return nil, err
			}
		}
	}
	cmd := exec.Command(python, filepath.Join("..", "..", "scripts", "bench_train.py"), "--serve", dir)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting bench_train.py: %w", err)
	}
	p := &torchPeer{in: in, out: bufio.NewScanner(stdout)}
	if !p.out.Scan() || p.out.Text() != "ready" {
		return nil, fmt.Errorf("bench_train.py did not start: %q %v", p.out.Text(), p.out.Err())
	}
	return p, nil
}

// epoch asks torch for one epoch of network name on threads threads.
func (p *torchPeer) epoch(b *testing.B, name string, threads int) time.Duration {
	fmt.Fprintf(p.in, "%s %d\n", name, threads)
	if !p.out.Scan() {
		b.Fatalf("bench_train.py stopped: %v", p.out.Err())
	}
	ms, err := strconv.ParseFloat(p.out.Text(), 64)
	if err != nil {
		b.Fatalf("bench_train.py answered %q", p.out.Text())
	}
	return time.Duration(ms * float64(time.Millisecond))
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkVsTorch times one epoch of each benchmark network here and in torch 1.13 on the
// same data, interleaved round by round so that both see the same machine load, and
// reports the medians and ratio = ours / torch's best (the faster of one thread and all
// cores). One round per b.N; run it with a fixed count of rounds:
//
//	go test ./optimizers/train -run '^$' -bench VsTorch -benchtime 5x
//
// torch runs in scripts/bench_train.py under Debian's /usr/bin/python3 (python3-torch);
// without it the benchmark is skipped. Torch on all cores is measured every round unless
// its warm-up epoch took over twice its one-thread epoch (OpenMP threads on a loaded
// machine): then it cannot be the best, and that epoch stands for it.
func BenchmarkVsTorch(b *testing.B) {
	moons, moonsData := moonsSetup(b, 100000)
	digits, digitsData := digitsSetup(b)
	nets := []struct {
		name  string
		m     *model.Net
		d     *data.Dataset
		batch int
	}{{"moons", moons, moonsData, 256}, {"digits", digits, digitsData, 128}}
	peer := startTorch(b, map[string]*data.Dataset{"moons": moonsData, "digits": digitsData})
	cores := runtime.NumCPU()
	type times struct{ ours, torch1, torchN []time.Duration }
	res := make([]times, len(nets))
	skipN := make([]bool, len(nets))
	for i, n := range nets { // warm-up: first-call allocations, OpenBLAS and Go worker threads
		epoch(b, n.m, n.d, n.batch, 0)
		t1 := peer.epoch(b, n.name, 1)
		if cores > 1 {
			if tN := peer.epoch(b, n.name, cores); tN > 2*t1 {
				skipN[i] = true
				res[i].torchN = []time.Duration{tN}
			}
		}
	}
	b.ResetTimer()
	for r := 0; r < b.N; r++ {
		for i, n := range nets {
			res[i].torch1 = append(res[i].torch1, peer.epoch(b, n.name, 1))
			if cores > 1 && !skipN[i] {
				res[i].torchN = append(res[i].torchN, peer.epoch(b, n.name, cores))
			}
			res[i].ours = append(res[i].ours, epoch(b, n.m, n.d, n.batch, uint64(r+1)))
		}
	}
	b.StopTimer()
	var report strings.Builder
	fmt.Fprintf(&report, "\n%-7s %10s %12s %16s %7s   (median ms per epoch of %d rounds)\n", "network", "ours", "torch 1", fmt.Sprintf("torch %d threads", cores), "ratio", b.N)
	for i, n := range nets {
		ours, t1 := median(res[i].ours), median(res[i].torch1)
		best, tN := t1, time.Duration(0)
		if len(res[i].torchN) > 0 {
			tN = median(res[i].torchN)
			best = min(best, tN)
		}
		ratio := float64(ours) / float64(best)
		b.ReportMetric(ms(ours), n.name+"-ms")
		b.ReportMetric(ms(t1), n.name+"-torch1-ms")
		b.ReportMetric(ms(tN), n.name+"-torchN-ms")
		b.ReportMetric(ratio, n.name+"-ratio")
		fmt.Fprintf(&report, "%-7s %10.1f %12.1f %16.1f %7.3f\n", n.name, ms(ours), ms(t1), ms(tN), ratio)
	}
	b.Log(report.String())
}

#!/usr/bin/python3
"""Time one training epoch of Descent's two benchmark networks in torch 1.13, the peer that
optimizers/train's BenchmarkVsTorch measures against in the same run.

The networks, as optimizers/train trains them (float64, Adam with lr 1e-3, cross-entropy on
logits, a fresh shuffle every epoch, the loss read back at every step as Fit records it):
  moons   2-64-64-2 relu MLP, 100,000 two-moons rows, batch 256
  digits  784-256-256-10 relu MLP, 10,000 synthetic rows in 10 classes, batch 128

Standalone, it makes its own data and prints the median ms per epoch with one thread and
with all cores:
  /usr/bin/python3 scripts/bench_train.py [--repeats 5]

With --serve DIR (how the Go benchmark runs it) it reads the Go data sets from DIR/NAME.x
and DIR/NAME.y (little-endian float64, row-major), prints "ready", then answers every line
"NAME THREADS" on stdin with the milliseconds of one epoch on that many threads; "quit" or
the end of stdin stops it. Interleaving torch's epochs with Go's inside one run keeps the
ratio honest on a machine whose load changes while it is measured.
"""
import argparse
import ctypes
import math
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

NETS = {
    "moons": {"sizes": [2, 64, 64, 2], "rows": 100_000, "batch": 256},
    "digits": {"sizes": [784, 256, 256, 10], "rows": 10_000, "batch": 128},
}


def openblas():
    """torch's float64 matmuls run in OpenBLAS, which keeps its own thread pool:
    torch.set_num_threads does not size it, so the thread count is set there too."""
    for name in ("libopenblas.so.0", "libopenblas.so"):
        try:
            lib = ctypes.CDLL(name)
            lib.openblas_set_num_threads.argtypes = [ctypes.c_int]
            return lib
        except OSError:
            continue
    return None


OPENBLAS = openblas()


def set_threads(n):
    torch.set_num_threads(n)
    if OPENBLAS is not None:
        OPENBLAS.openblas_set_num_threads(n)


def mlp(sizes):
    layers = []
    for i in range(1, len(sizes)):
        layers.append(torch.nn.Linear(sizes[i - 1], sizes[i]))
        if i < len(sizes) - 1:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers).double()


class Bench:
    """One network with its data; epoch() trains it for one epoch and returns seconds."""

    def __init__(self, name, x, y):
        cfg = NETS[name]
        self.x, self.y, self.batch = x, y, cfg["batch"]
        torch.manual_seed(1)
        self.model = mlp(cfg["sizes"])

    def epoch(self):
        n, bs, model = self.x.shape[0], self.batch, self.model
        t0 = time.perf_counter()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        perm = torch.randperm(n)
        total = 0.0
        for lo in range(0, n, bs):
            idx = perm[lo:lo + bs]
            xb, yb = self.x[idx], self.y[idx]
            opt.zero_grad()
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * xb.shape[0]
        elapsed = time.perf_counter() - t0
        if not math.isfinite(total):
            raise RuntimeError("training diverged")
        return elapsed


def synthetic(name, seed=1):
    """Data of the same shapes as the Go sets: two moons with noise 0.1, and Gaussian blobs
    (std 1) around 10 centers in [-5, 5]^784."""
    rng = np.random.default_rng(seed)
    cfg = NETS[name]
    n = cfg["rows"]
    y = np.arange(n) % cfg["sizes"][-1]
    if name == "moons":
        t = math.pi * rng.random(n)
        x = np.stack([np.cos(t), np.sin(t)], axis=1)
        x[y == 1] = np.stack([1 - x[y == 1, 0], 0.5 - x[y == 1, 1]], axis=1)
        x += 0.1 * rng.standard_normal(x.shape)
    else:
        centers = 10 * rng.random((10, 784)) - 5
        x = centers[y] + rng.standard_normal((n, 784))
    return torch.from_numpy(x), torch.from_numpy(y).long()


def load(name, directory):
    cfg = NETS[name]
    x = np.fromfile(os.path.join(directory, name + ".x"), dtype="<f8")
    y = np.fromfile(os.path.join(directory, name + ".y"), dtype="<f8")
    features = cfg["sizes"][0]
    if x.size != y.size * features:
        raise ValueError(f"{name}: {x.size} inputs for {y.size} rows, want {features} per row")
    return torch.from_numpy(x.reshape(-1, features).copy()), torch.from_numpy(y.astype(np.int64))


def serve(directory):
    benches = {name: Bench(name, *load(name, directory)) for name in NETS}
    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        try:
            name, threads = words[0], int(words[1])
            set_threads(threads)
            print(f"{benches[name].epoch() * 1e3:.3f}", flush=True)
        except (KeyError, IndexError, ValueError) as e:
            print(f"error: bad request {line.strip()!r}: {e}", flush=True)


def standalone(repeats):
    cores = os.cpu_count() or 1
    print(f"torch {torch.__version__}, {cores} cores, OpenBLAS threads settable: {OPENBLAS is not None}")
    print(f"{'network':8} {'threads':>7} {'median ms/epoch':>16} {'best':>9}")
    for name in NETS:
        bench = Bench(name, *synthetic(name))
        for threads in sorted({1, cores}):
            set_threads(threads)
            bench.epoch()  # warm-up: first-call allocations and OpenBLAS thread start
            times = [bench.epoch() * 1e3 for _ in range(repeats)]
            print(f"{name:8} {threads:7d} {statistics.median(times):16.1f} {min(times):9.1f}")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeats", type=int, default=5, help="timed epochs per setting (standalone)")
    p.add_argument("--serve", metavar="DIR", help="answer timing requests on the data in DIR")
    args = p.parse_args()
    if args.serve:
        serve(args.serve)
    else:
        standalone(args.repeats)


if __name__ == "__main__":
    main()

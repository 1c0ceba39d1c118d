#!/usr/bin/python3
"""Measure Descent against ipykernel in one run, through the real jupyter_client.

For each kernel: launch-to-kernel_info_reply time (median of several launches) and the
round trip of a trivial execute (send execute_request, wait for its idle status), p50 and
p99. Prints a table and the ratios against ipykernel, the peer measured in the same run.

Usage: /usr/bin/python3 scripts/bench_kernel.py [--launches 5] [--executes 300]
The descent kernelspec must be findable (kernel install, or JUPYTER_PATH).
"""
import argparse
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

PEERS = [("descent", "1 + 1"), ("python3", "1 + 1")]


def launch_time(name):
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    elapsed = time.perf_counter() - t0
    return km, kc, elapsed


def execute_round_trip(kc, code):
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        msg = kc.get_iopub_msg(timeout=30)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            break
    elapsed = time.perf_counter() - t0
    kc.get_shell_msg(timeout=30)
    return elapsed


def percentile(xs, p):
    xs = sorted(xs)
    k = min(len(xs) - 1, max(0, int(round(p / 100.0 * (len(xs) - 1)))))
    return xs[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--launches", type=int, default=5)
    ap.add_argument("--executes", type=int, default=300)
    args = ap.parse_args()
    results = {}
    for name, code in PEERS:
        starts = []
        for _ in range(args.launches):
            km, kc, t = launch_time(name)
            starts.append(t)
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        km, kc, _ = launch_time(name)
        for _ in range(20):  # warm up both kernels the same way
            execute_round_trip(kc, code)
        trips = [execute_round_trip(kc, code) for _ in range(args.executes)]
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        results[name] = (statistics.median(starts), percentile(trips, 50), percentile(trips, 99))

    print("%-10s %12s %12s %12s" % ("kernel", "start (ms)", "exec p50", "exec p99"))
    for name, (s, p50, p99) in results.items():
        print("%-10s %12.1f %12.2f %12.2f" % (name, s * 1e3, p50 * 1e3, p99 * 1e3))
    d, p = results["descent"], results["python3"]
    print("ratio descent/ipykernel: start %.3f (goal <= 0.1), exec p50 %.3f (goal <= 0.25), exec p99 %.3f"
          % (d[0] / p[0], d[1] / p[1], d[2] / p[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Measure Descent against ipykernel in one run, through the real jupyter_client.

For each kernel: launch-to-kernel_info_reply time (median of several launches) and the
round trip of a trivial execute: execute_request sent to execute_reply received, p50 and
p99, and also to the request's idle status on iopub (which adds the client's own time to
read the cell's four iopub messages). Prints a table and the ratios against ipykernel, the
peer measured in the same run.

A third kernel, the floor (jupyter/internal/floorkernel: this repository's protocol server with an
evaluator that does no work), runs in the same way, when Go is at hand to build it. It shows what
the client and the protocol layer cost on their own: no kernel built on them can answer faster,
so descent's time above the floor is the part its own work adds.

Usage: /usr/bin/python3 scripts/bench_kernel.py [--launches 5] [--executes 300]
The descent kernelspec must be findable (kernel install, or JUPYTER_PATH).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager

PEERS = [("descent", "1 + 1"), ("python3", "1 + 1")]
FLOOR = "descent-floor"


def install_floor(tmp):
    """Builds the floor kernel into tmp and makes its kernelspec findable; False without Go."""
    if shutil.which("go") is None:
        return False
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = os.path.join(tmp, "floorkernel")
    subprocess.run(["go", "build", "-o", binary, "./jupyter/internal/floorkernel"], cwd=root, check=True)
    spec = os.path.join(tmp, "kernels", FLOOR)
    os.makedirs(spec)
    with open(os.path.join(spec, "kernel.json"), "w") as f:
        json.dump({"argv": [binary, "{connection_file}"], "display_name": "floor", "language": "go",
                   "interrupt_mode": "message"}, f)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in [tmp, os.environ.get("JUPYTER_PATH")] if p)
    return True


def launch_time(name):
    """Seconds from launching the kernel process to receiving its kernel_info_reply.

    The request is sent at once; ZeroMQ delivers it as soon as the kernel binds its shell
    socket. (jupyter_client's wait_for_ready also drains iopub for 0.2 s, which measures
    the client, not the kernel.)"""
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    msg_id = kc.kernel_info()
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    elapsed = time.perf_counter() - t0
    kc.wait_for_ready(timeout=60)
    return km, kc, elapsed


def execute_round_trip(kc, code):
    """Seconds to the execute_reply and to the idle status."""
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=30)
    t_reply = time.perf_counter() - t0
    assert reply["parent_header"]["msg_id"] == msg_id and reply["content"]["status"] == "ok", reply
    while True:
        msg = kc.get_iopub_msg(timeout=30)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            break
    return t_reply, time.perf_counter() - t0


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
    tmp = tempfile.mkdtemp()
    peers = list(PEERS)
    if install_floor(tmp):
        peers.append((FLOOR, "1 + 1"))
    for name, code in peers:
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
        replies, idles = [t[0] for t in trips], [t[1] for t in trips]
        results[name] = (statistics.median(starts), percentile(replies, 50), percentile(replies, 99),
                         percentile(idles, 50), percentile(idles, 99))
        print("%s launches (ms): %s" % (name, " ".join("%.0f" % (t * 1e3) for t in starts)), flush=True)

    shutil.rmtree(tmp, ignore_errors=True)
    print("%-13s %11s %11s %11s %11s %11s" % ("kernel", "start ms", "reply p50", "reply p99", "idle p50", "idle p99"))
    for name, r in results.items():
        print("%-13s %11.1f %11.2f %11.2f %11.2f %11.2f" % ((name,) + tuple(x * 1e3 for x in r)))
    d, p = results["descent"], results["python3"]
    print("ratio descent/ipykernel: start %.3f (goal <= 0.1), execute round trip p50 %.3f (goal <= 0.25), "
          "p99 %.3f; to idle p50 %.3f, p99 %.3f" % tuple(d[i] / p[i] for i in range(5)))
    if FLOOR in results:
        f = results[FLOOR]
        print("ratio floor/ipykernel (client and protocol alone): execute round trip p50 %.3f; to idle p50 %.3f"
              % (f[1] / p[1], f[3] / p[3]))
        print("descent above the floor (its own work): execute round trip p50 %+.2f ms; to idle p50 %+.2f ms"
              % ((d[1] - f[1]) * 1e3, (d[3] - f[3]) * 1e3))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Plumbline benchmark: the fleet API with 10,000 workspaces and 1,000,000 runs in the store, and the memory of the
server that answers it.

usage: bench/fleet.py [-w 10000] [-r 1000000] [-n 200] [--dir DIR]

dev.plumbline.http.FleetBench (controller test sources) generates the workspaces and runs straight into an H2 file
(90% drift checks, 8% plans, 2% applies; 3% failed; a fifth of the workspaces drifted, with three drifted
resources per drifted check), sums up each workspace's latest check as finished runs do, then starts the HTTP
server the daemon runs (with its bearer tokens, metrics and access checks) on that store and times N requests of
each kind from loopback. GET /healthz, answered by the same server without reading the store, is the baseline: the
ratio says what the store costs, whatever the load of the machine. Times are wall-clock milliseconds, p50 and p99;
memory is the heap in use after a full GC, and the process's RSS (the generator ran in it too). A benchmark: no
test asserts any of it.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import controller_classpath, machine  # noqa: E402

LABELS = [
    ("healthz", "GET /healthz (baseline)"),
    ("fleet-page-100", "GET /api/v1/workspaces?limit=100 (first page)"),
    ("fleet-page-100-middle", "the same, from a cursor halfway"),
    ("fleet-drifted-100", "GET /api/v1/workspaces?condition=drifted&limit=100"),
    ("fleet-search", "GET /api/v1/workspaces?search=ws0123"),
    ("workspace", "GET /api/v1/workspaces/{repo}/{name}"),
    ("runs-of-workspace-50", "GET /api/v1/runs?workspace=... (50 newest)"),
    ("metrics", "GET /metrics (store figures kept up to 10 s)"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-w", type=int, default=10000, help="workspaces (default 10,000)")
    parser.add_argument("-r", type=int, default=1000000, help="runs (default 1,000,000)")
    parser.add_argument("-n", type=int, default=200, help="requests of each kind (default 200)")
    parser.add_argument("--dir", default=None, help="where the store is made, and kept (default: a temporary"
                        " folder, removed); a store already there is reused")
    args = parser.parse_args()
    work = args.dir or tempfile.mkdtemp(prefix="plumbline-fleet-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        cp = controller_classpath(work)
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if "JAVA_HOME" in os.environ else "java"
        p = subprocess.run([java, "-Xmx1g", "-cp", cp, "dev.plumbline.http.FleetBench", str(args.w), str(args.r),
                            os.path.join(work, "store"), str(args.n)], check=True, stdout=subprocess.PIPE, text=True)
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)
    figures, memory, generated = {}, None, ""
    for line in p.stdout.splitlines():
        parts = line.split()
        if line.startswith("generated"):  # "generated earlier" when --dir held a store already
            generated = line
        elif len(parts) == 3 and parts[0] == "memory":
            memory = (float(parts[1]), float(parts[2]))
        elif len(parts) == 3:
            figures[parts[0]] = (float(parts[1]), float(parts[2]))
    base = figures["healthz"][0]
    print(f"fleet API, {args.w} workspaces, {args.r} runs, H2, {args.n} requests each, {machine()}")
    print(generated)
    print(f"{'':56} {'p50 ms':>8} {'p99 ms':>8} {'p50/baseline':>13}")
    for key, label in LABELS:
        if key in figures:
            p50, p99 = figures[key]
            print(f"{label:56} {p50:8.1f} {p99:8.1f} {p50 / base:13.1f}")
    if memory:
        print(f"server memory: {memory[0]:.0f} MB heap in use after GC, {memory[1]:.0f} MB RSS")


if __name__ == "__main__":
    main()

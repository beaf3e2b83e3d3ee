#!/usr/bin/env python3
"""Plumbline benchmark: what the durable queue costs per run (enqueue, claim, finish), on H2 and on PostgreSQL,
against a run that has nothing to do.

usage: bench/queue.py [-n 500] [--dir DIR]

The queue figures come from dev.plumbline.store.QueueBench (controller test sources), run once per store on this
machine: N runs of N workspaces queued one transaction each, claimed one at a time from a queue N deep, finished
in the transaction that would queue a retry. PostgreSQL is the test server the tests start (the machine's server
binaries, on a free loopback port). For scale, the same table shows the store writes of a no-op run (its run row,
a log line, its end) and a real `tofu plan` of an initialised, empty configuration (the least a run can cost).
Times are wall-clock milliseconds, p50 and p99. A benchmark: no test asserts any of it.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import TOOLS, controller_classpath, machine, percentile, tofu_env  # noqa: E402  (the toolchain of the other benchmark)


def queue_figures(cp, store, n, work):
    """{step: (p50, p99)} for one store."""
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if "JAVA_HOME" in os.environ else "java"
    p = subprocess.run([java, "-cp", cp, "dev.plumbline.store.QueueBench", store, str(n), work],
                       check=True, stdout=subprocess.PIPE, text=True)
    figures = {}
    for line in p.stdout.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == store:
            figures[parts[1]] = (float(parts[2]), float(parts[3]))
    return figures


def tofu_no_op(work, times=15):
    """(p50, p99) ms of `tofu plan` in an initialised directory whose configuration has nothing in it."""
    d = os.path.join(work, "no-op")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "main.tf"), "w") as f:
        f.write("terraform {}\n")
    env = tofu_env(os.path.join(work, "out"))
    tofu = TOOLS["PLUMBLINE_TOFU"]
    subprocess.run([tofu, "init", "-input=false"], cwd=d, env=env, check=True, stdout=subprocess.DEVNULL)
    walls = []
    for _ in range(times):
        t0 = time.monotonic()
        subprocess.run([tofu, "plan", "-input=false", "-detailed-exitcode", "-out=plan.bin"], cwd=d, env=env,
                       stdout=subprocess.DEVNULL)
        walls.append((time.monotonic() - t0) * 1000)
    return percentile(walls, 50), percentile(walls, 99)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500, help="runs per store (default 500)")
    parser.add_argument("--dir", default=None, help="where the stores are made (default: a temporary folder)")
    args = parser.parse_args()
    work = args.dir or tempfile.mkdtemp(prefix="plumbline-queue-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        cp = controller_classpath(work)
        stores = {s: queue_figures(cp, s, args.n, work) for s in ("h2", "postgresql")}
        tofu = tofu_no_op(work)
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)
    steps = [("enqueue", "enqueue (its own transaction)"), ("claim", "claim (FOR UPDATE SKIP LOCKED, queue "
             f"{args.n} deep)"), ("finish", "finish (with the retry's transaction)"),
             ("coordination", "coordination per run (sum)"), ("no-op-run-store-writes", "a no-op run's store writes")]
    print(f"queue cost per run, N={args.n}, {machine()}; ms p50 / p99")
    print(f"{'':52} {'H2':>17} {'PostgreSQL':>17}")
    for key, label in steps:
        cells = [f"{stores[s][key][0]:7.2f} / {stores[s][key][1]:7.2f}" for s in ("h2", "postgresql")]
        print(f"{label:52} {cells[0]:>17} {cells[1]:>17}")
    print(f"{'tofu plan of an empty configuration':52} {tofu[0]:7.0f} / {tofu[1]:7.0f}  (the same on both)")
    for s, name in (("h2", "H2"), ("postgresql", "PostgreSQL")):
        share = stores[s]["coordination"][0] / tofu[0] * 100
        print(f"{name}: coordination is {share:.1f}% of the cheapest run (p50 against p50)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Plumbline benchmark: the console's pages over a store of many workspaces, and a run page with a 5 MB plan.

usage: bench/console.py [-w 10000] [-n 100] [--dir DIR]

dev.plumbline.console.ConsoleBench (controller test sources) fills an H2 file with W workspaces (a plan and a drift
check each; one in five drifted, three resources each), one drift check whose stored plan is 5 MB, and one more
workspace checked every 10 minutes for 90 days (12,960 checks), serves the console's routes on loopback, signs in
with a one-time link, and times N requests of each page: the fleet (first page of 200), the fleet filtered to
drifted workspaces, a search, a workspace page, the 90-day page of the busy workspace, and the run page of the
5 MB plan. The style sheet, answered by the same server without the store, is the baseline. Times are wall-clock
milliseconds from loopback, p50 and p99. A benchmark: no test asserts any of it.
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-w", type=int, default=10000, help="workspaces (default 10,000)")
    parser.add_argument("-n", type=int, default=100, help="requests of each page (default 100)")
    parser.add_argument("--dir", default=None, help="where the store is made (default: a temporary folder)")
    args = parser.parse_args()
    work = args.dir or tempfile.mkdtemp(prefix="plumbline-console-bench-")
    try:
        cp = controller_classpath(work)
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if "JAVA_HOME" in os.environ else "java"
        p = subprocess.run([java, "-Xmx1g", "-cp", cp, "dev.plumbline.console.ConsoleBench", str(args.w),
                            str(args.n), os.path.join(work, "store")], check=True, stdout=subprocess.PIPE, text=True)
        print(f"console pages, {args.w:,} workspaces, {args.n} requests each ({machine()})")
        print(f"{'page':<20} {'p50 ms':>8} {'p99 ms':>8} {'bytes':>10}")
        for line in p.stdout.splitlines():
            parts = line.split()
            if parts[0] == "page":
                print(f"{parts[1]:<20} {float(parts[2]):>8.2f} {float(parts[3]):>8.2f} {int(parts[4]):>10,}")
            else:
                print(line)
    finally:
        if not args.dir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

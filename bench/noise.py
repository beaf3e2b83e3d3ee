#!/usr/bin/env python3
"""Drift noise recognised in the shared vectors: for every `tofu show -json` file under ../shared/vectors, what
`plumbline inspect --json` makes of refresh's drift (entries, findings by disposition) and its classification.

Usage: bench/noise.py [--vectors DIR]   (default: ../shared/vectors beside the repository)
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUMBLINE = os.path.join(ROOT, "plumbline")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vectors", default=os.path.join(ROOT, "..", "shared", "vectors"))
    args = parser.parse_args()
    vectors = os.path.normpath(args.vectors)
    if not os.path.isdir(vectors):
        sys.exit(f"noise.py: the shared vectors are absent (expected {vectors})")
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(vectors) for f in fs
                   if f.endswith(".json"))
    print(f"{'vector':<58} {'class.':<16} {'entries':>7} {'noise ent.':>10} {'drift':>5} {'noise':>5} {'ign.':>4}")
    for path in files:
        out = subprocess.run([PLUMBLINE, "inspect", "--json", path], capture_output=True, text=True)
        if out.returncode != 0:
            print(f"{os.path.relpath(path, vectors):<58} error: {out.stderr.strip()[:60]}")
            continue
        a = json.loads(out.stdout)
        findings = a["drift_findings"]
        by = {d: sum(1 for f in findings if f["disposition"] == d) for d in ("drift", "noise", "ignored")}
        changed = {e["address"] for e in a["resource_drift"] if e["actions"] != ["no-op"]}
        real = {f["address"] for f in findings if f["disposition"] != "noise"}
        print(f"{os.path.relpath(path, vectors):<58} {a['classification']:<16} {len(changed):>7} "
              f"{len(changed - real):>10} {by['drift']:>5} {by['noise']:>5} {by['ignored']:>4}")


if __name__ == "__main__":
    main()

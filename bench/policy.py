#!/usr/bin/env python3
"""Policy evaluation time per plan: real plans of a 30-resource workspace, each checked by three policy sets (the
built-in protected and max_deletions, and a conftest policy written in Rego v0, as Atlantis users write them), as
the daemon checks them. The times are those Plumbline records for each set (from the start of OPA to its answer
read), against the whole plan run (init skipped, plan, show -json, analysis, storing) as the baseline.

usage: bench/policy.py [--plans 12] [--dir DIR]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUMBLINE = os.path.join(ROOT, "plumbline")

CONFTEST = """package main

deny[msg] {
  rc := input.resource_changes[_]
  rc.change.actions[_] == "delete"
  msg := sprintf("%s: deleting is not allowed", [rc.address])
}

warn[msg] {
  rc := input.resource_changes[_]
  rc.type == "terraform_data"
  rc.change.actions[_] == "update"
  msg := sprintf("%s is updated", [rc.address])
}
"""


def workspace(version):
    blocks = ['resource "random_pet" "p%d" {\n  length = 2\n}\n' % i for i in range(10)]
    blocks += ['resource "terraform_data" "d%d" {\n  input = "value %d %s"\n}\n' % (i, i, version if i == 0 else "")
               for i in range(20)]
    return "\n".join(blocks)


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@plumbline.invalid",
                        "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@plumbline.invalid"})


def plumbline(*args, config):
    p = subprocess.run([PLUMBLINE, *args, "--config", config], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"plumbline {' '.join(args)} failed ({p.returncode}): {p.stderr.strip()}")
    return p.stdout


def p50(values):
    return statistics.median(values)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=12)
    ap.add_argument("--dir")
    a = ap.parse_args()
    base = a.dir or os.path.join(tempfile.gettempdir(), "plumbline-bench-policy")
    shutil.rmtree(base, ignore_errors=True)
    bare, work = os.path.join(base, "infra.git"), os.path.join(base, "work")
    os.makedirs(os.path.join(work, "ws"))
    os.makedirs(os.path.join(base, "conftest"))
    with open(os.path.join(base, "conftest", "policy.rego"), "w") as f:
        f.write(CONFTEST)
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", bare], check=True)
    git("init", "-q", "-b", "main", cwd=work)
    with open(os.path.join(work, "ws", "main.tf"), "w") as f:
        f.write(workspace("v0"))
    with open(os.path.join(work, ".plumbline.yaml"), "w") as f:
        f.write("workspaces:\n  - name: ws\n    dir: ws\n    apply: auto\n")
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", "30 resources", cwd=work)
    git("push", "-q", bare, "main", cwd=work)
    config = os.path.join(base, "plumbline.yaml")
    with open(config, "w") as f:
        f.write(f"""data_dir: {base}/data
repos:
  - {{name: bench, url: "file://{bare}", branch: main}}
policies:
  sets:
    - {{name: protected, builtin: protected, params: {{types: [random_pet]}}}}
    - {{name: max-deletions, builtin: max_deletions, params: {{max: 3}}}}
    - {{name: conftest, dir: {base}/conftest, enforcement: advisory}}
""")
    plumbline("reconcile", "bench/ws", config=config)
    per_set, per_plan, runs = {}, [], []
    for i in range(1, a.plans + 1):
        with open(os.path.join(work, "ws", "main.tf"), "w") as f:
            f.write(workspace(f"v{i}"))
        git("commit", "-q", "-am", f"change {i}", cwd=work)
        git("push", "-q", bare, "main", cwd=work)
        out = json.loads(plumbline("plan", "bench/ws", "--json", config=config))
        run_id = out["workspaces"][0]["run_id"]
        shown = json.loads(plumbline("show", str(run_id), "--json", config=config))
        sets = shown["policies"]
        assert [s["set"] for s in sets] == ["protected", "max-deletions", "conftest"], sets
        assert all(s["outcome"] in ("passed", "warned") for s in sets), sets
        for s in sets:
            per_set.setdefault(s["set"], []).append(s["elapsed_ms"])
        per_plan.append(sum(s["elapsed_ms"] for s in sets))
        listed = json.loads(plumbline("runs", "-w", "bench/ws", "--limit", "1", "--json", config=config))
        runs.append(listed["runs"][0]["total_ms"])
    for name, values in per_set.items():
        print(f"policy set {name}: p50 {p50(values):.0f} ms, max {max(values)} ms over {len(values)} plans")
    print(f"policy evaluation per plan (3 sets): p50 {p50(per_plan):.0f} ms; plan run: p50 {p50(runs):.0f} ms")
    print(f"policy/plan-run={p50(per_plan) / p50(runs):.2f}")


if __name__ == "__main__":
    main()

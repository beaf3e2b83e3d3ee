#!/usr/bin/env python3
"""Plumbline benchmark: a queue of no-op runs drained by 1, 2 and 3 `serve` daemons on one PostgreSQL.

usage: bench/drain.py [--quick] [--runs 1000] [--workspaces 50] [--daemons 1,2,3] [--max-runs N] [--dir DIR]

One repository of W workspaces whose configuration is empty (`terraform {}`: a plan has nothing to do, no
provider, no state) and whose drift schedules are off. For each number of daemons: a fresh database on one
PostgreSQL (started here, as the tests start theirs: bench/pg.py), that many `serve` processes of
controller/target/plumbline.jar, each with a data dir, an HTTP port and `max_concurrent_runs` of its own and the
same `store:` section; once every daemon serves and the queue is quiet, one round of one plan per workspace warms
them up (not measured), then R plans (R / W per workspace, queued as rows that join no other: a waiting plan of a
workspace otherwise absorbs the next) are written into `queued_work` in one transaction, and the clock runs until
no row is queued or claimed. Throughput is R over that time; each daemon's share is its count of the runs in
`runs.owner_id`. Every measured run must succeed. Wall-clock seconds; a benchmark, no test asserts any of it.
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg import Postgres, SUPERUSER, free_port  # noqa: E402
from run import CORES, ROOT, git, machine  # noqa: E402

JAR = os.path.join(ROOT, "controller", "target", "plumbline.jar")
# The options ./plumbline starts the jar with.
JAVA_OPTS = ["-XX:+UseSerialGC", "-Xms16m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Xss512k"]
REPO = "bench"


def make_repo(work, workspaces):
    src = os.path.join(work, "src")
    bare = os.path.join(work, "infra.git")
    os.makedirs(src)
    names = [f"w{i:03d}" for i in range(workspaces)]
    settings = ["workspaces:"]
    for name in names:
        os.makedirs(os.path.join(src, "workspaces", name))
        with open(os.path.join(src, "workspaces", name, "main.tf"), "w") as f:
            f.write("terraform {}\n")
        settings += [f"  - name: {name}", f"    dir: workspaces/{name}", "    drift: {enabled: false}"]
    settings.append("autodiscover: false")
    with open(os.path.join(src, ".plumbline.yaml"), "w") as f:
        f.write("\n".join(settings) + "\n")
    git("init", "-q", "-b", "main", cwd=src)
    git("add", "-A", cwd=src)
    git("commit", "-q", "-m", f"{workspaces} empty workspaces", cwd=src)
    git("clone", "-q", "--bare", src, bare, cwd=work)
    return bare, names


def daemon_config(path, data_dir, bare, url, password_file, max_runs):
    with open(path, "w") as f:
        f.write(f"data_dir: {data_dir}\n"
                f"repos:\n  - name: {REPO}\n    url: file://{bare}\n    branch: main\n    poll_interval: 1h\n"
                f"max_concurrent_runs: {max_runs}\n"
                f"http: {{bind: 127.0.0.1, port: {free_port()}}}\n"
                f"store: {{url: \"{url}\", user: {SUPERUSER}, password_file: {password_file}}}\n")


class Daemon:
    def __init__(self, config, log_path):
        self.log_path = log_path
        self.log = open(log_path, "w")
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if "JAVA_HOME" in os.environ else "java"
        self.process = subprocess.Popen([java, *JAVA_OPTS, "-jar", JAR, "serve", "--config", config],
                                        env={**os.environ, "PLUMBLINE_HOME": ROOT}, stdout=self.log,
                                        stderr=subprocess.STDOUT)

    def await_serving(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(self.log_path, errors="replace") as f:
                if "plumbline is serving" in f.read():
                    return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        with open(self.log_path, errors="replace") as f:
            sys.exit(f"a daemon did not start (log {self.log_path}):\n{f.read()[-3000:]}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def pending(pg, db, after_work):
    return int(pg.sql(f"SELECT count(*) FROM queued_work WHERE id > {after_work}"
                      " AND state IN ('queued', 'claimed')", db)[0][0])


def await_drained(pg, db, after_work, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pending(pg, db, after_work) == 0:
            return time.monotonic()
        time.sleep(0.1)
    sys.exit(f"the queue of {db} was not drained within {timeout} s")


def queue_plans(pg, db, names, per_workspace):
    """Queues per_workspace plans of each workspace, round robin, in one transaction; returns the id before them."""
    before = int(pg.sql("SELECT coalesce(max(id), 0) FROM queued_work", db)[0][0])
    values = ",".join(f"('{n}')" for n in names)
    pg.sql("INSERT INTO queued_work (repo, workspace, kind, priority, trigger, attempt, not_before, state, created_at)"
           f" SELECT '{REPO}', w.name, 'plan', 1, 'manual', 1, now(), 'queued', now()"
           f" FROM generate_series(1, {per_workspace}) g CROSS JOIN (VALUES {values}) AS w(name)"
           " ORDER BY g, w.name", db)
    return before


def last_run(pg, db):
    return int(pg.sql("SELECT coalesce(max(id), 0) FROM runs", db)[0][0])


def drain(pg, work, bare, names, daemons, runs, max_runs):
    db = f"drain_{daemons}"
    pg.new_database(db)
    url = pg.url(db)
    password_file = pg.password_file(work)
    started = []
    try:
        for i in range(daemons):
            data_dir = os.path.join(work, f"{daemons}-daemons", f"d{i + 1}")
            os.makedirs(data_dir)
            config = os.path.join(data_dir, "config.yaml")
            daemon_config(config, os.path.join(data_dir, "data"), bare, url, password_file, max_runs)
            d = Daemon(config, os.path.join(data_dir, "serve.log"))
            started.append(d)
            d.await_serving()  # one at a time: the first migrates the schema
        # What the first poll queued, then a warm-up round of one plan per workspace (each daemon's first
        # init of a workspace is not what is measured).
        await_drained(pg, db, 0, 600)
        await_drained(pg, db, queue_plans(pg, db, names, 1), 600)
        runs_before = last_run(pg, db)
        t0 = time.monotonic()
        work_before = queue_plans(pg, db, names, runs // len(names))
        t1 = await_drained(pg, db, work_before, 3600)
        elapsed = t1 - t0
        rows = pg.sql("SELECT owner_id, status, count(*) FROM runs WHERE id > " + str(runs_before)
                      + " GROUP BY owner_id, status ORDER BY owner_id", db)
        done = pg.sql(f"SELECT state, count(*) FROM queued_work WHERE id > {work_before} GROUP BY state", db)
    finally:
        for d in started:
            d.stop()
    pids = {str(d.process.pid): i + 1 for i, d in enumerate(started)}
    shares = {i + 1: 0 for i in range(daemons)}
    statuses = {}
    for owner, status, count in rows:
        pid = owner.split(":")[-2] if owner and owner.count(":") >= 2 else ""
        statuses[status] = statuses.get(status, 0) + int(count)
        if pid in pids:
            shares[pids[pid]] += int(count)
        else:
            shares.setdefault(f"other ({owner})", 0)
            shares[f"other ({owner})"] += int(count)
    total = sum(statuses.values())
    return {"daemons": daemons, "runs": total, "elapsed_s": elapsed, "throughput": total / elapsed,
            "shares": shares, "statuses": statuses, "work": {s: int(c) for s, c in done}}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="200 runs of 50 workspaces, for a first check")
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--workspaces", type=int, default=50)
    ap.add_argument("--daemons", default="1,2,3")
    ap.add_argument("--max-runs", type=int, default=CORES, help=f"max_concurrent_runs of each daemon ({CORES})")
    ap.add_argument("--dir", default=None, help="where the repo and data dirs go (default: a temporary folder)")
    args = ap.parse_args()
    runs = 200 if args.quick else args.runs
    if runs % args.workspaces:
        sys.exit(f"--runs ({runs}) must be a multiple of --workspaces ({args.workspaces})")
    if not os.path.isfile(JAR):
        sys.exit(f"{JAR} is missing: build it with ./plumbline --version (or mvn -B -Dmaven.test.skip=true package)")
    work = args.dir or tempfile.mkdtemp(prefix="plumbline-drain-bench-")
    os.makedirs(work, exist_ok=True)
    results = []
    try:
        bare, names = make_repo(work, args.workspaces)
        with Postgres() as pg:
            for k in (int(x) for x in args.daemons.split(",") if x.strip()):
                print(f"== {runs} no-op plans, {args.workspaces} workspaces, {k} daemon(s), max_concurrent_runs "
                      f"{args.max_runs} each", flush=True)
                r = drain(pg, work, bare, names, k, runs, args.max_runs)
                results.append(r)
                print(f"   {r['runs']} runs in {r['elapsed_s']:.1f} s: {r['throughput']:.1f} runs/s; "
                      f"shares {r['shares']}; runs {r['statuses']}; work {r['work']}", flush=True)
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nqueue of {runs} no-op plans ({args.workspaces} workspaces of an empty configuration) drained on one "
          f"PostgreSQL; {machine()}; max_concurrent_runs {args.max_runs} per daemon")
    print(f"{'daemons':>7} {'runs':>6} {'seconds':>8} {'runs/s':>7}  share of each daemon (runs, %)")
    for r in results:
        shares = ", ".join(f"d{k}: {v} ({100 * v / r['runs']:.0f}%)" if isinstance(k, int) else f"{k}: {v}"
                           for k, v in r["shares"].items())
        print(f"{r['daemons']:>7} {r['runs']:>6} {r['elapsed_s']:>8.1f} {r['throughput']:>7.2f}  {shares}")
    bad = [r for r in results if set(r["statuses"]) != {"succeeded"} or r["runs"] != runs]
    for r in bad:
        print(f"warning: with {r['daemons']} daemon(s) the runs were {r['statuses']} (expected {runs} succeeded)")


if __name__ == "__main__":
    main()

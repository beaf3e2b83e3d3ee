#!/usr/bin/env python3
"""Plumbline benchmark: drift checks at scale against a cron loop and the machine's floor, controller overhead,
idle memory and start-up with 1,000 workspaces, and affected-workspace selection in a repo of 500.

usage: bench/run.py [--sizes 20,100] [--dir DIR] [--no-readme] [--skip-idle] [--skip-affected] [--store postgres]

Everything runs on this machine, in one run of this script: Plumbline through ./plumbline, the baselines with the
same tofu binary and provider mirror. Times are wall-clock seconds (time.monotonic); CPU is user+system of the
measured process tree (os.wait4). Each drift figure is the second pass over the same checkout (steady state).
The store is the embedded H2 file by default; with --store postgres every config gets a store: section naming a
database of its own on a PostgreSQL this script starts (bench/pg.py), and the README's table is left as it is.
"""
import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg import SUPERUSER, Postgres  # noqa: E402  (beside this script)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUMBLINE = os.path.join(ROOT, "plumbline")
CORES = os.cpu_count() or 1
# Set by --store postgres: a function giving the store: section of a config for a new database (None for H2).
STORE = None


def toolchain():
    tools = os.environ.get("PLUMBLINE_TOOLS_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "plumbline", "tools")
    env = {}
    with open(os.path.join(tools, "toolchain.env")) as f:
        for line in f:
            if "=" in line:
                k, v = line.strip().split("=", 1)
                env[k] = v
    return env


TOOLS = toolchain()


def tofu_env(output_dir):
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    env.update(TF_CLI_CONFIG_FILE=TOOLS["PLUMBLINE_TF_CLI_CONFIG"], TF_IN_AUTOMATION="1", TF_INPUT="0",
               CHECKPOINT_DISABLE="1", AWS_EC2_METADATA_DISABLED="true", TF_VAR_output_dir=output_dir)
    return env


def run(cmd, env=None, cwd=None, check=True, capture=True):
    """Runs a command; returns (wall seconds, cpu seconds, exit code, stdout)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                         stderr=subprocess.PIPE if capture else subprocess.DEVNULL)
    out, err = (p.communicate() if capture else (b"", b""))
    if not capture:
        p.wait()
    wall = time.monotonic() - t0
    # The child is reaped by communicate/wait; its rusage (and its descendants') is in RUSAGE_CHILDREN deltas.
    code = p.returncode
    if check and code not in (0, 2):
        sys.stderr.write(f"command failed ({code}): {' '.join(cmd)}\n{err.decode(errors='replace')[-3000:]}\n")
        sys.exit(1)
    return wall, code, (out or b"").decode(errors="replace")


def cpu_now():
    r = os.times()
    return r.children_user + r.children_system


def timed(fn):
    c0 = cpu_now()
    t0 = time.monotonic()
    result = fn()
    return time.monotonic() - t0, cpu_now() - c0, result


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@plumbline.invalid",
                        "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@plumbline.invalid"})


def make_repo(work, n, output_dir):
    src = os.path.join(work, "src")
    bare = os.path.join(work, "infra.git")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(src)
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate.py"), src, str(n), output_dir,
                    "--settings"], check=True, stdout=subprocess.DEVNULL)
    git("init", "-q", "-b", "main", cwd=src)
    git("add", "-A", cwd=src)
    git("commit", "-q", "-m", f"{n} workspaces", cwd=src)
    git("clone", "-q", "--bare", src, bare, cwd=work)
    config = os.path.join(work, "plumbline.yaml")
    with open(config, "w") as f:
        f.write(f"data_dir: {os.path.join(work, 'data')}\nrepos:\n  - name: bench\n    url: file://{bare}\n"
                f"    branch: main\nmax_concurrent_runs: {CORES}\n")
        if STORE is not None:
            f.write(STORE(work))
    return src, bare, config


def plumbline(*args, config):
    return run([PLUMBLINE, *args, "--config", config])


def drift_scan(n, base):
    work = os.path.join(base, f"drift-{n}")
    out_p = os.path.join(work, "out-plumbline")
    src, bare, config = make_repo(work, n, out_p)
    print(f"\n== drift scan, N={n} ({CORES} cores)", flush=True)

    # Set-up, not measured: Plumbline applies every workspace.
    w, _, _ = plumbline("reconcile", "--all", config=config)
    print(f"set-up: plumbline reconcile --all applied {n} workspaces in {w:.1f}s", flush=True)

    # (a) Plumbline: drift --all, twice; the second pass is the measured steady state.
    plumbline("drift", "--all", "--json", config=config)
    wall_a, cpu_a, (_, code, out) = timed(lambda: plumbline("drift", "--all", "--json", config=config))
    outcomes = json.loads(out)["workspaces"]
    classes = {}
    for o in outcomes:
        classes[o["classification"]] = classes.get(o["classification"], 0) + 1
    assert len(outcomes) == n, f"expected {n} outcomes, got {len(outcomes)}"
    run_ids = {o["run_id"] for o in outcomes}
    _, _, runs_out = plumbline("runs", "--json", "--limit", str(min(1000, 10 * n + 10)), config=config)
    overhead = sorted(r["total_ms"] - r["tool_ms"] for r in json.loads(runs_out)["runs"]
                      if r["id"] in run_ids and r.get("total_ms") is not None)

    # (b) The cron loop a team would write, in a checkout it keeps: init, then plan -detailed-exitcode.
    cron = os.path.join(work, "cron")
    out_c = os.path.join(work, "out-cron")
    git("clone", "-q", bare, cron, cwd=work)
    env = tofu_env(out_c)
    tofu = TOOLS["PLUMBLINE_TOFU"]
    dirs = sorted(os.path.join(cron, "workspaces", d) for d in os.listdir(os.path.join(cron, "workspaces")))
    for d in dirs:  # set-up, not measured: the loop's own state
        run([tofu, "init", "-input=false", "-no-color"], env=env, cwd=d, capture=True)
        run([tofu, "apply", "-input=false", "-auto-approve", "-no-color"], env=env, cwd=d, capture=True)

    def cron_loop():
        for d in dirs:
            run([tofu, "init", "-input=false", "-no-color"], env=env, cwd=d)
            run([tofu, "plan", "-input=false", "-no-color", "-detailed-exitcode"], env=env, cwd=d)

    cron_loop()
    wall_b, cpu_b, _ = timed(cron_loop)

    # (c) The floor: tofu plan alone on initialised directories, spread perfectly over the cores.
    plan_times = [run([tofu, "plan", "-input=false", "-no-color", "-detailed-exitcode"], env=env, cwd=d)[0]
                  for d in dirs]
    floor = sum(plan_times) / CORES

    res = {
        "n": n, "plumbline_s": wall_a, "plumbline_cpu_s": cpu_a, "cron_s": wall_b, "cron_cpu_s": cpu_b,
        "floor_s": floor, "plan_sum_s": sum(plan_times), "classes": classes,
        "controller_p50_ms": percentile(overhead, 50), "controller_p99_ms": percentile(overhead, 99),
    }
    print(f"(a) plumbline drift --all, 2nd pass: {wall_a:.2f}s wall, {cpu_a:.2f}s CPU; {classes}")
    print(f"(b) cron loop (init + plan -detailed-exitcode), 2nd pass: {wall_b:.2f}s wall, {cpu_b:.2f}s CPU")
    print(f"(c) floor: sum of {n} plan times {sum(plan_times):.2f}s / {CORES} cores = {floor:.2f}s")
    print(f"controller time per run outside tofu: p50 {res['controller_p50_ms']:.0f} ms, "
          f"p99 {res['controller_p99_ms']:.0f} ms ({len(overhead)} runs)", flush=True)
    return res


def percentile(values, p):
    if not values:
        return float("nan")
    k = max(0, min(len(values) - 1, int(round(p / 100 * (len(values) - 1)))))
    return float(sorted(values)[k])


def idle(base, n=1000):
    work = os.path.join(base, f"idle-{n}")
    _, _, config = make_repo(work, n, os.path.join(work, "out"))
    print(f"\n== idle daemon with {n} workspaces", flush=True)
    # First start creates the database and registers the schedules; the measured start is the second one.
    results = []
    for attempt in range(2):
        t0 = time.monotonic()
        p = subprocess.Popen([PLUMBLINE, "serve", "--config", config], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
        startup = None
        for line in p.stderr:
            if "plumbline is serving" in line:
                startup = time.monotonic() - t0
                m = re.search(r"(\d+) schedule", line)
                schedules = int(m.group(1)) if m else -1
                break
        if startup is None:
            sys.exit("the daemon did not start")
        time.sleep(15)
        rss_kb = 0
        with open(f"/proc/{p.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss_kb = int(line.split()[1])
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=120)
        results.append((startup, rss_kb / 1024, schedules))
    startup, rss_mb, schedules = results[-1]
    print(f"start-up to serving: {startup:.2f}s (first start, creating the schedules: {results[0][0]:.2f}s); "
          f"{schedules} schedules; idle RSS after 15 s: {rss_mb:.0f} MB", flush=True)
    return {"startup_s": startup, "first_startup_s": results[0][0], "idle_rss_mb": rss_mb, "schedules": schedules}


def affected(base, n=500):
    work = os.path.join(base, f"affected-{n}")
    src, bare, config = make_repo(work, n, os.path.join(work, "out"))
    print(f"\n== affected-workspace selection, {n} workspaces", flush=True)
    first = subprocess.run(["git", "rev-parse", "HEAD"], cwd=src, capture_output=True, text=True).stdout.strip()
    # The change arrives on a pull request branch: the settings at its head must be read from a checkout.
    git("checkout", "-q", "-b", "feature", cwd=src)
    with open(os.path.join(src, "modules", "labels", "main.tf"), "a") as f:
        f.write("\n# a change to a shared module\n")
    git("commit", "-qam", "touch modules/labels", cwd=src)
    git("push", "-q", bare, "feature", cwd=src)
    times = []
    found = None
    for _ in range(5):
        _, _, out = plumbline("affected", "bench", "--base", first, "--head", "refs/heads/feature", "--json",
                              config=config)
        r = json.loads(out)
        times.append(r["elapsed_ms"])
        found = len(r["workspaces"])
    expected = len([i for i in range(n) if i % 3 == 0])
    assert found == expected, f"expected {expected} affected workspaces, got {found}"
    ms = statistics.median(times)
    print(f"affected workspaces of a change to modules/labels: {found} of {n}; median {ms:.0f} ms "
          f"over 5 runs (timed in the process: fetch of the pull request head excluded; the diff against the base and the "
          f"module-graph walk included; the tracked branch's settings are read at start, as the daemon holds them)", flush=True)
    return {"affected_ms": ms, "affected_found": found}


def controller_classpath(work):
    """Compiles the controller's main and test classes (offline, as the README's test command does) and returns
    their class path with the test-scope dependencies, for the benchmarks that run a Java class of their own."""
    controller = os.path.join(ROOT, "controller")
    subprocess.run(["mvn", "-B", "-o", "-q", "test-compile"], cwd=controller, check=True, stdout=subprocess.DEVNULL)
    out = os.path.join(work, "classpath.txt")
    subprocess.run(["mvn", "-B", "-o", "-q", "dependency:build-classpath", "-Dmdep.includeScope=test",
                    f"-Dmdep.outputFile={out}"], cwd=controller, check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        deps = f.read().strip()
    return os.pathsep.join([os.path.join(controller, "target", "classes"),
                            os.path.join(controller, "target", "test-classes"), deps])


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{CORES} cores, {model}"


def update_readme(rows):
    path = os.path.join(ROOT, "README.md")
    with open(path) as f:
        text = f.read()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    table = "\n".join([start, "", "| figure | value | target | machine |", "| --- | --- | --- | --- |",
                       *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows], "", end])
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda m: table, text, flags=re.S)
    else:
        text += "\n## Benchmark\n\nRegenerated by `bench/run.py` (see `bench/README.md`).\n\n" + table + "\n"
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="20,100")
    ap.add_argument("--dir", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "plumbline-bench"))
    ap.add_argument("--no-readme", action="store_true")
    ap.add_argument("--skip-idle", action="store_true")
    ap.add_argument("--skip-affected", action="store_true")
    ap.add_argument("--store", choices=("h2", "postgres"), default="h2",
                    help="the store of every config: the embedded H2 file (default) or a PostgreSQL started here")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    if args.store == "postgres":
        with Postgres() as server:
            postgres_store(server, args.dir)
            bench(args, readme=False)
    else:
        bench(args, readme=not args.no_readme)


def postgres_store(server, base):
    global STORE
    password_file = server.password_file(base)

    def section(work):
        name = re.sub(r"[^a-z0-9]+", "_", os.path.basename(work).lower())
        url = server.new_database(name)
        return f"store: {{url: \"{url}\", user: {SUPERUSER}, password_file: {password_file}}}\n"

    STORE = section
    print(f"store: PostgreSQL at 127.0.0.1:{server.port}, a database per repository", flush=True)


def bench(args, readme):
    run([PLUMBLINE, "--version"])  # builds the jar first if needed, outside any measurement
    mach = machine()
    rows = []
    scans = [drift_scan(int(n), args.dir) for n in args.sizes.split(",") if n.strip()]
    for s in scans:
        rows.append((f"drift scan N={s['n']}: plumbline / cron loop", f"{s['plumbline_s'] / s['cron_s']:.2f}",
                     "≤ 0.5 (N=100)", mach))
        rows.append((f"drift scan N={s['n']}: plumbline / floor", f"{s['plumbline_s'] / s['floor_s']:.2f}",
                     "≤ 1.25 (N=100)", mach))
        rows.append((f"drift scan N={s['n']}: plumbline, cron loop, floor (s)",
                     f"{s['plumbline_s']:.1f}, {s['cron_s']:.1f}, {s['floor_s']:.1f}", "", mach))
        rows.append((f"controller time per run N={s['n']} (p50 / p99)",
                     f"{s['controller_p50_ms']:.0f} / {s['controller_p99_ms']:.0f} ms", "p50 ≤ 100 ms", mach))
    if not args.skip_idle:
        i = idle(args.dir)
        rows.append(("idle daemon RSS, 1,000 workspaces", f"{i['idle_rss_mb']:.0f} MB", "≤ 200 MB", mach))
        rows.append(("daemon start-up, 1,000 workspaces", f"{i['startup_s']:.1f} s", "", mach))
    if not args.skip_affected:
        a = affected(args.dir)
        rows.append(("affected-workspace selection, 500 workspaces", f"{a['affected_ms']:.0f} ms", "≤ 200 ms", mach))
    if readme:
        update_readme(rows)
    store = "" if STORE is None else " store=postgresql"
    for s in scans:
        print(f"drift-scan N={s['n']}{store}: plumbline/cron-loop={s['plumbline_s'] / s['cron_s']:.2f} "
              f"plumbline/floor={s['plumbline_s'] / s['floor_s']:.2f}")


if __name__ == "__main__":
    main()

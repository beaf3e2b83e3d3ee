#!/usr/bin/env python3
"""Plumbline benchmark: time to alert of event-driven drift, on moto (SQS fed by an EventBridge rule).

usage: bench/events.py [--events 50] [--burst 100] [--debounce 2] [--workspaces 5] [--dir DIR]

A `serve` daemon of ./plumbline reads change events from a moto SQS queue that a moto EventBridge rule feeds
(moto delivers put_events entries to the rule's SQS target), and notifies a webhook served by this script. The
repository has W workspaces of 10 local_file resources each, applied first. Then, one after the other, E events:
a file is changed by hand and a CloudTrail-shaped "AWS API Call via CloudTrail" entry naming it is put on the bus;
the next event waits for the notification of the last. Each event's times are read back from the store
(`plumbline events --timings --json`): from the message entering the queue (SQS SentTimestamp) to the drift being
stored and to the notification being delivered, p50 and p95. The daemon's debounce is shortened to --debounce
seconds (the default is 20 s): the figures are also given with the debounce taken out, and with the default's
20 s put in its place. Last, B events in one burst, spread over the W workspaces, and the checks they ran: checks
per 100 events. Wall-clock seconds; a benchmark, no test asserts any of it. The machine's other load skews it.
"""
import argparse
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))


def _boto3():
    """boto3 from moto's venv (installed by runner-image/install-toolchain.sh); bench/queue.py shadows the stdlib
    queue module that boto3 needs, so this directory leaves sys.path while it is imported."""
    saved = list(sys.path)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
    try:
        import boto3  # noqa: F401
        return boto3
    except ImportError:
        return None
    finally:
        sys.path[:] = saved


boto3 = _boto3()
sys.path.insert(0, HERE)
from run import PLUMBLINE, TOOLS, git, machine, percentile  # noqa: E402

if boto3 is None:
    python = os.path.join(os.path.dirname(TOOLS["PLUMBLINE_MOTO_SERVER"]), "python")
    if os.path.abspath(sys.executable) == os.path.abspath(python):
        sys.exit("boto3 is missing from moto's venv; run runner-image/install-toolchain.sh")
    os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])

REGION = "us-east-1"
FILES = 10


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        Receiver.received.append((time.time(), json.loads(body)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def start_moto(work):
    port = free_port()
    log = open(os.path.join(work, "moto.log"), "w")
    p = subprocess.Popen([TOOLS["PLUMBLINE_MOTO_SERVER"], "-H", "127.0.0.1", "-p", str(port)], stdout=log,
                         stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return p, endpoint
        except OSError:
            time.sleep(0.1)
    sys.exit("moto_server did not start")


def make_repo(work, workspaces, out):
    src = os.path.join(work, "src")
    bare = os.path.join(work, "infra.git")
    os.makedirs(src)
    settings = ["autodiscover: false", "workspaces:"]
    for w in range(workspaces):
        name = f"e{w}"
        d = os.path.join(src, "workspaces", name)
        os.makedirs(d)
        with open(os.path.join(d, "main.tf"), "w") as f:
            f.write('variable "output_dir" { type = string }\n')
            for j in range(FILES):
                f.write(f'resource "local_file" "f{j}" {{\n  filename = "${{var.output_dir}}/f{j}.txt"\n'
                        f'  content  = "managed {j}\\n"\n}}\n')
        settings += [f"  - name: {name}", f"    dir: workspaces/{name}", "    apply: auto",
                     f"    variables: {{output_dir: \"{os.path.join(out, name)}\"}}"]
    with open(os.path.join(src, ".plumbline.yaml"), "w") as f:
        f.write("\n".join(settings) + "\n")
    git("init", "-q", "-b", "main", cwd=src)
    git("add", "-A", cwd=src)
    git("commit", "-q", "-m", f"{workspaces} workspaces of {FILES} files", cwd=src)
    git("clone", "-q", "--bare", src, bare, cwd=work)
    return bare


def cloudtrail(path):
    return json.dumps({"eventVersion": "1.09", "userIdentity": {"type": "IAMUser",
                       "arn": "arn:aws:iam::123456789012:user/bench"},
                       "eventTime": datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
                       "eventSource": "s3.amazonaws.com", "eventName": "PutObject",
                       "sourceIPAddress": "203.0.113.9", "userAgent": "bench", "readOnly": False,
                       "requestParameters": {"key": path}, "eventID": str(uuid.uuid4()), "managementEvent": True})


def t(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp() if s else None


def stats(values):
    return f"p50 {percentile(values, 50):.2f}s, p95 {percentile(values, 95):.2f}s"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=50)
    ap.add_argument("--burst", type=int, default=100)
    ap.add_argument("--debounce", type=int, default=2)
    ap.add_argument("--workspaces", type=int, default=5)
    ap.add_argument("--dir", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "plumbline-bench-events"))
    args = ap.parse_args()
    work = args.dir
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    out = os.path.join(work, "out")
    moto, endpoint = start_moto(work)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    daemon = None
    try:
        aws = dict(endpoint_url=endpoint, region_name=REGION, aws_access_key_id="testing",
                   aws_secret_access_key="testing")
        sqs = boto3.client("sqs", **aws)
        bus = boto3.client("events", **aws)
        queue_url = sqs.create_queue(QueueName="plumbline-events")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        bus.put_rule(Name="plumbline", EventPattern=json.dumps({"detail-type": ["AWS API Call via CloudTrail"]}))
        bus.put_targets(Rule="plumbline", Targets=[{"Id": "plumbline", "Arn": arn}])

        bare = make_repo(work, args.workspaces, out)
        config = os.path.join(work, "plumbline.yaml")
        with open(config, "w") as f:
            f.write(f"data_dir: {os.path.join(work, 'data')}\nrepos:\n  - name: bench\n    url: file://{bare}\n"
                    f"    branch: main\npoll_interval: 1h\nhttp: {{bind: 127.0.0.1, port: {free_port()}}}\n"
                    f"aws: {{region: {REGION}, endpoint: '{endpoint}'}}\n"
                    f"events:\n  debounce: {args.debounce}s\n  aws_sqs: {{queue_url: '{queue_url}'}}\n"
                    f"notifications:\n  channels:\n    - webhook: {{url: 'http://127.0.0.1:{server.server_port}/drift',"
                    f" secret_env: HOOK_SECRET}}\n")
        env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
               "AWS_EC2_METADATA_DISABLED": "true", "HOOK_SECRET": "bench-secret"}
        subprocess.run([PLUMBLINE, "reconcile", "--all", "--config", config], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        applied_at = time.time()
        daemon = subprocess.Popen([PLUMBLINE, "serve", "--config", config], env=env, stdout=subprocess.DEVNULL,
                                  stderr=open(os.path.join(work, "daemon.log"), "w"))
        log = os.path.join(work, "daemon.log")
        for _ in range(1200):
            if "plumbline is serving" in open(log).read():
                break
            time.sleep(0.1)
        else:
            sys.exit(f"the daemon did not start; see {log}")
        # calls made within 5 s of one of Plumbline's own applies of the workspace are taken for that apply's and
        # ignored (EventIntake.APPLY_SLACK): the first hand change comes after the set-up's applies are that far back
        time.sleep(max(0.0, applied_at + 6 - time.time()))

        print(f"== {args.events} events one after the other, debounce {args.debounce}s", flush=True)
        for i in range(args.events):
            ws, j = i % args.workspaces, (i // args.workspaces) % FILES
            path = os.path.join(out, f"e{ws}", f"f{j}.txt")
            with open(path, "w") as f:
                f.write(f"changed by hand {i}\n")
            seen = len(Receiver.received)
            bus.put_events(Entries=[{"Source": "bench.audit", "DetailType": "AWS API Call via CloudTrail",
                                     "Detail": cloudtrail(path), "Resources": []}])
            deadline = time.time() + 180
            while len(Receiver.received) == seen and time.time() < deadline:
                time.sleep(0.05)
            if len(Receiver.received) == seen:
                sys.exit(f"event {i}: no notification within 180 s; see {log}")

        print(f"== {args.burst} events in one burst over {args.workspaces} workspaces", flush=True)
        for i in range(args.burst):
            path = os.path.join(out, f"e{i % args.workspaces}", f"f{i % FILES}.txt")
            bus.put_events(Entries=[{"Source": "bench.audit", "DetailType": "AWS API Call via CloudTrail",
                                     "Detail": cloudtrail(path), "Resources": []}])
        time.sleep(args.debounce + 30)
    finally:
        if daemon is not None:
            daemon.send_signal(signal.SIGTERM)
            daemon.wait(timeout=120)
        server.shutdown()
        moto.terminate()
        moto.wait(timeout=30)

    timings = json.loads(subprocess.run([PLUMBLINE, "events", "--timings", "--json", "--limit", "1000", "--config",
                                         config], check=True, capture_output=True, text=True).stdout)
    timings.sort(key=lambda x: x["event_id"])
    first = timings[:args.events]
    burst = timings[args.events:]
    stored = [t(x["drift_stored_at"]) - t(x["queued_at"]) for x in first]
    notified = [t(x["notified_at"]) - t(x["queued_at"]) for x in first]
    waited = [t(x["check_started_at"]) - t(x["check_queued_at"]) for x in first]
    received = [t(x["received_at"]) - t(x["queued_at"]) for x in first]
    ran = [t(x["drift_stored_at"]) - t(x["check_started_at"]) for x in first]
    sent = [t(x["notified_at"]) - t(x["drift_stored_at"]) for x in first]
    runs = {x["run_id"] for x in burst if x["run_id"] is not None}
    deb = args.debounce
    print(f"\nmachine: {machine()}")
    print(f"queue -> received by the daemon: {stats(received)}")
    print(f"check queued -> started (the debounce of {deb}s and the wait for a free run): {stats(waited)}")
    print(f"check started -> drift stored (the plan): {stats(ran)}")
    print(f"drift stored -> notification delivered: {stats(sent)}")
    print(f"time to alert, queue -> drift stored, debounce {deb}s: {stats(stored)}")
    print(f"time to alert, queue -> notification, debounce {deb}s: {stats(notified)}")
    print(f"time to alert, queue -> notification, without the debounce: {stats([n - deb for n in notified])}")
    print(f"time to alert, queue -> notification, with the default 20s debounce: "
          f"{stats([n - deb + 20 for n in notified])}")
    print(f"burst: {len(burst)} events over {args.workspaces} workspaces ran {len(runs)} checks: "
          f"{100 * len(runs) / max(1, len(burst)):.1f} checks per 100 events")


if __name__ == "__main__":
    main()

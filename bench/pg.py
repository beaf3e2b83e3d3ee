"""A PostgreSQL server for the benchmarks, started as the tests start theirs (controller/src/test/java/dev/plumbline/
testing/TestPostgres.java): the machine's server binaries (/usr/lib/postgresql/*/bin, or PLUMBLINE_POSTGRES_BIN),
a cluster in a temporary folder, listening on a free port of 127.0.0.1 only, with no Unix socket, password
authentication, durability off (the data is thrown away). As root the server runs as the system user plumbline-pg
(runner-image/install-toolchain.sh creates it), through setpriv with a parent-death signal, so it does not outlive
the benchmark. Every command is a fixed argument list; no shell. Queries go through the same version's psql.
"""
import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time

SERVER_USER = "plumbline-pg"
SUPERUSER = "plumbline"
SETPRIV = "/usr/bin/setpriv"


def binaries():
    configured = os.environ.get("PLUMBLINE_POSTGRES_BIN")
    if configured:
        candidates = [configured]
    else:
        found = glob.glob("/usr/lib/postgresql/*/bin")
        candidates = sorted(found, key=lambda d: int(d.split("/")[-2]) if d.split("/")[-2].isdigit() else 0,
                            reverse=True)
    for d in candidates:
        if all(os.access(os.path.join(d, b), os.X_OK) for b in ("initdb", "postgres", "pg_ctl", "psql")):
            return d
    raise SystemExit("starting a PostgreSQL for the benchmark: no initdb, postgres, pg_ctl and psql in "
                     + (configured or "/usr/lib/postgresql/*/bin")
                     + "; run runner-image/install-toolchain.sh, or set PLUMBLINE_POSTGRES_BIN")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """One server; use as a context manager. url(db) is its JDBC URL, password its superuser's."""

    def __init__(self):
        self.bin = binaries()
        self.as_root = os.geteuid() == 0
        self.dir = tempfile.mkdtemp(prefix="plumbline-bench-pg-")
        os.chmod(self.dir, 0o755)
        self.password = secrets.token_urlsafe(24)
        self.port = None
        self.server = None

    def _argv(self, program):
        argv = [SETPRIV]
        if self.as_root:
            argv += [f"--reuid={SERVER_USER}", f"--regid={SERVER_USER}", "--clear-groups"]
        return argv + ["--pdeathsig=INT", "--", *program]

    def _env(self):
        return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}

    def __enter__(self):
        try:
            self._initdb()
            for _ in range(3):
                self.port = free_port()
                if self._serve():
                    return self
            raise SystemExit("starting a PostgreSQL for the benchmark: it did not take connections\n" + self.log_tail())
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()

    def _initdb(self):
        if self.as_root:
            try:
                user = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise SystemExit(f"starting a PostgreSQL for the benchmark as root: there is no system user "
                                 f"{SERVER_USER}; run runner-image/install-toolchain.sh, which creates it")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
        pwfile = os.path.join(self.dir, "pwfile")
        with open(pwfile, "w") as f:
            f.write(self.password + "\n")
        os.chmod(pwfile, 0o600)
        if self.as_root:
            os.chown(pwfile, user.pw_uid, user.pw_gid)
        with open(os.path.join(self.dir, "initdb.log"), "w") as log:
            code = subprocess.run(self._argv([os.path.join(self.bin, "initdb"), "-D", self.data(), "-U", SUPERUSER,
                                              f"--pwfile={pwfile}", "--auth=scram-sha-256", "--encoding=UTF8",
                                              "--no-locale", "--no-sync"]),
                                  cwd=self.dir, env=self._env(), stdout=log, stderr=subprocess.STDOUT).returncode
        os.remove(pwfile)
        if code != 0:
            with open(os.path.join(self.dir, "initdb.log")) as f:
                raise SystemExit(f"initialising a PostgreSQL in {self.data()}: initdb exited {code}\n{f.read()[-2000:]}")

    def _serve(self):
        log = open(os.path.join(self.dir, "postgres.log"), "a")
        self.server = subprocess.Popen(self._argv([
            os.path.join(self.bin, "postgres"), "-D", self.data(), "-p", str(self.port),
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off",
            "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"]),
            cwd=self.dir, env=self._env(), stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                return False
            if subprocess.run([os.path.join(self.bin, "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)],
                              env=self._env()).returncode == 0:
                return True
            time.sleep(0.1)
        self.server.kill()
        return False

    def data(self):
        return os.path.join(self.dir, "data")

    def log_tail(self):
        try:
            with open(os.path.join(self.dir, "postgres.log")) as f:
                return f.read()[-2000:]
        except OSError as e:
            return f"(no log: {e})"

    def url(self, database):
        return f"jdbc:postgresql://127.0.0.1:{self.port}/{database}"

    def sql(self, sql, database="postgres"):
        """Runs sql; returns the rows as lists of strings (psql's unaligned output, fields split on |)."""
        p = subprocess.run([os.path.join(self.bin, "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                            "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, "-d", database, "-c", sql],
                           env={**self._env(), "PGPASSWORD": self.password}, capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit(f"running on {self.url(database)}: {sql[:200]}: {p.stderr.strip()}")
        return [line.split("|") for line in p.stdout.splitlines() if line]

    def new_database(self, name):
        self.sql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def password_file(self, directory):
        """A file holding the superuser's password (mode 0600), for a store: section's password_file."""
        path = os.path.join(directory, "pg-password")
        with open(path, "w") as f:
            f.write(self.password + "\n")
        os.chmod(path, 0o600)
        return path

    def stop(self):
        if self.server is not None and self.server.poll() is None:
            subprocess.run(self._argv([os.path.join(self.bin, "pg_ctl"), "stop", "-D", self.data(), "-m", "immediate",
                                       "-s", "-w", "-t", "20"]), cwd=self.dir, env=self._env(),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

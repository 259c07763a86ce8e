"""Shared plumbing for the HTTP benchmarks (bench/cases.py, bench/catalog.py); not a benchmark.

Databases are recreated with psql, manage.py commands run as subprocesses (their progress goes
to the terminal on stderr), the app is served by gunicorn on loopback and stopped even on error.
stdout is left alone: each benchmark prints exactly one JSON object there.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PYTHON = sys.executable
BIN = Path(PYTHON).parent

PG_HOST = os.environ.get("BENCH_PGHOST", "127.0.0.1")
PG_PORT = os.environ.get("BENCH_PGPORT", "5432")
PG_USER = os.environ.get("BENCH_PGUSER", "postgres")
DEMO_PASSWORD = "Tongban#2026"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%SZ', time.gmtime())}] {message}", file=sys.stderr, flush=True)


def loadavg() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def database_url(name: str) -> str:
    return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


def psql(sql: str, *, database: str = "postgres") -> str:
    result = subprocess.run(
        ["psql", "-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER, "-d", database, "-v", "ON_ERROR_STOP=1",
         "-X", "-q", "-At", "-c", sql],
        check=True, capture_output=True, text=True,
    )
    return result.stdout.strip()


def recreate_database(name: str) -> None:
    if not name.startswith("bench_"):
        raise SystemExit(f"refusing to drop {name!r}: benchmark databases start with bench_")
    log(f"recreating database {name}")
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"')


def install_signal_handlers() -> None:
    """SIGTERM/SIGHUP unwind like Ctrl-C, so every try/finally stops what it started."""

    def stop(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)


class CommandFailed(RuntimeError):
    def __init__(self, args, returncode: int, tail: str, seconds: float) -> None:
        super().__init__(f"{' '.join(args)} exited with {returncode}")
        self.tail, self.seconds = tail, seconds


class Environment:
    """Settings for manage.py, gunicorn and the in-process Django of one benchmark database."""

    def __init__(self, database: str, *, conn_max_age: int = 600) -> None:
        self.database = database
        self.var_dir = Path(tempfile.mkdtemp(prefix=f"tongban-{database}-"))
        self.values = {
            "DJANGO_SETTINGS_MODULE": "tongban.settings.dev",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url(database),
            "DB_CONN_MAX_AGE": str(conn_max_age),
            # Uploads of the benchmark go to a scratch directory; the calendar stays the project's.
            "TONGBAN_VAR_DIR": str(self.var_dir),
            "TONGBAN_CALENDAR_DIR": os.environ.get("TONGBAN_CALENDAR_DIR", str(ROOT / "var" / "calendar")),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH", "")])),
        }

    def subprocess_env(self) -> dict[str, str]:
        return {**os.environ, **self.values}

    def setup_django(self) -> None:
        """Configure Django in this process (for bulk set-up and EXPLAIN); call once."""
        os.environ.update(self.values)
        if str(SRC) not in sys.path:
            sys.path.insert(0, str(SRC))
        import django

        django.setup()

    def manage(self, *args: str) -> float:
        """Run manage.py; its output (progress bars included) goes to stderr. Returns seconds."""
        log("manage.py " + " ".join(args))
        return self.python(str(ROOT / "manage.py"), *args)

    def python(self, *args: str) -> float:
        """Run a Python script with this environment; stdout and stderr are forwarded to stderr as
        they come (a progress bar stays live) and the stderr tail is kept for CommandFailed."""
        began = time.perf_counter()
        process = subprocess.Popen([PYTHON, *args], cwd=ROOT, env=self.subprocess_env(), stdout=sys.stderr,
                                   stderr=subprocess.PIPE)
        tail = b""
        try:
            while chunk := os.read(process.stderr.fileno(), 65536):
                sys.stderr.buffer.write(chunk)
                sys.stderr.buffer.flush()
                tail = (tail + chunk)[-65536:]
            process.wait()
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait()
        seconds = time.perf_counter() - began
        if process.returncode:
            raise CommandFailed(args, process.returncode, tail.decode(errors="replace"), seconds)
        return seconds

    def cleanup(self) -> None:
        """Close this process's Django connections, if it set Django up (a benchmark that drops
        or renames its database next must not hold it open), and remove the scratch folder."""
        if "django.db" in sys.modules:
            from django.db import connections

            with contextlib.suppress(Exception):
                connections.close_all()
        subprocess.run(["rm", "-rf", str(self.var_dir)], check=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, port: int, pid: int) -> None:
        self.port, self.pid = port, pid


SERVERS = ("granian", "gunicorn")


@contextlib.contextmanager
def app_server(env: Environment, *, workers: int, server: str = "granian", port: int | None = None,
               worker_class: str = "sync", threads: int = 2, keep_alive: int = 5) -> Iterator[Server]:
    """Serve tongban.wsgi with `workers` worker processes on 127.0.0.1; yields its port and the
    pid of the process whose tree does the work.

    granian (the project's server): HTTP in Rust, the WSGI application on `threads` blocking
    threads per worker, client connections kept alive. gunicorn (for comparison, not a
    dependency: pip install gunicorn): worker_class "sync" closes every connection after one
    reply; "gthread" runs `threads` threads per worker and keeps idle client connections open
    `keep_alive` seconds.

    The server is stopped with SIGTERM (graceful, it stops its workers), SIGKILL after 20 s.
    """
    port = port or free_port()
    executable = BIN / server
    if not executable.exists():
        raise SystemExit(f"{executable} missing: pip install {server} into the venv")
    log_file = env.var_dir / f"{server}.log"
    if server == "gunicorn":
        command = [str(executable), "tongban.wsgi:application", "--workers", str(workers),
                   "--worker-class", worker_class, "--threads", str(threads), "--keep-alive", str(keep_alive),
                   "--bind", f"127.0.0.1:{port}", "--timeout", "120",
                   "--log-level", "warning", "--error-logfile", "-", "--chdir", str(ROOT)]
        shape = f"{workers} {worker_class} workers × {threads} threads"
    else:
        command = [str(executable), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
                   "--workers", str(workers), "--blocking-threads", str(threads), "--http", "1", "--no-ws",
                   "--log-level", "warning", "--working-dir", str(ROOT), "tongban.wsgi:application"]
        shape = f"{workers} workers × {threads} blocking threads"
    log(f"starting {server}: {shape} on 127.0.0.1:{port} (log {log_file})")
    with open(log_file, "ab") as sink:
        process = subprocess.Popen(command, cwd=ROOT, env=env.subprocess_env(), stdout=sink, stderr=sink,
                                   start_new_session=True)
    try:
        _wait_until_up(process, port, log_file)
        yield Server(port, process.pid)
    finally:
        log(f"stopping {server} (pid {process.pid})")
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        errors = [line for line in log_file.read_text(errors="replace").splitlines()
                  if "Traceback" in line or "ERROR" in line]
        if errors:
            log(f"{server} log has {len(errors)} error lines, e.g. {errors[0][:200]}")


def _wait_until_up(process: subprocess.Popen, port: int, log_file: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log_file.read_text()[-3000:]}")
        try:
            status, _, _ = call(port, "GET", "/api/v1/catalog/items?limit=1")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the server did not answer within {timeout} s:\n{log_file.read_text()[-3000:]}")


def call(port: int, method: str, path: str, *, body: dict | None = None,
         token: str | None = None) -> tuple[int, bytes, float]:
    """One request on a fresh connection (sync workers close it anyway); seconds of wall clock."""
    headers = {"Host": "127.0.0.1"}
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    return response.status, data, time.perf_counter() - began


def bearer_token(port: int, username: str, password: str = DEMO_PASSWORD) -> str:
    status, data, _ = call(port, "POST", "/api/v1/auth/tokens", body={"username": username, "password": password})
    if status != 201:
        raise RuntimeError(f"token for {username}: HTTP {status} {data[:300]!r}")
    return json.loads(data)["token"]


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(seconds: list[float]) -> dict[str, float]:
    ms = [value * 1000 for value in seconds]
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2),
            "p99_ms": round(percentile(ms, 99), 2), "max_ms": round(max(ms), 2) if ms else math.nan}


def explain(cursor, sql: str, params=None) -> str:
    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
    return "\n".join(row[0] for row in cursor.fetchall())

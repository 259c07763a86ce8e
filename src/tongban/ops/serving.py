"""How Tongban is served: one granian command line, shared by `manage.py serve`, the demo and the tests.

granian's supervisor respawns a worker that dies (killed by the OOM killer, a segfault in a C
extension, an operator's kill): without `--respawn-failed-workers` the whole server exits when one
worker does. Requests in flight on the dead worker fail on the client side and are retried with
their Idempotency-Key; nothing acknowledged is lost because every write commits before the reply.
"""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 4
    threads: int = 2  # two blocking threads spread keep-alive connections evenly (docs/decisions.md)
    respawn_interval: float = 0.5  # seconds before a dead worker is replaced
    static_root: Path | None = None  # serve collected static files from the Rust side (no DEBUG needed)
    log_level: str = "warning"


def granian_argv(executable: str, options: ServeOptions) -> list[str]:
    argv = [
        executable, "--interface", "wsgi", "--host", options.host, "--port", str(options.port),
        "--workers", str(options.workers), "--blocking-threads", str(options.threads),
        "--respawn-failed-workers", "--respawn-interval", str(options.respawn_interval),
        "--no-ws", "--log-level", options.log_level,
    ]
    if options.static_root is not None:
        argv += ["--static-path-route", "/static", "--static-path-mount", str(options.static_root)]
    return [*argv, "tongban.wsgi:application"]

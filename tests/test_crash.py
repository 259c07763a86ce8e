"""Crash test: online submissions keep coming while granian workers are killed and PostgreSQL drops
every connection of the application. Every submission the server acknowledged exists exactly once,
a replay of its Idempotency-Key answers with the same case, the server is still serving at the end,
and the audit chains are intact.

The server is the production one (`tongban.ops.serving`, granian with worker respawn) on the test
database; the clients retry a failed request (connection reset, 5xx) with the same key, as the
portal and any API client must.
"""

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from tongban.demo.district import load_demo_district
from tongban.accounts.models import User
from tongban.accounts.services import issue_token
from tongban.audit.services import find_tampering
from tongban.cases.models import Case
from tongban.cases.testing import png
from tongban.demo.catalog import load_demo_catalog
from tongban.catalog.models import Material, ServiceItem
from tongban.ops.serving import ServeOptions, granian_argv

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="several server processes share one real database")

ROOT = Path(__file__).resolve().parent.parent
CLIENTS, SUBMISSIONS_EACH = 4, 10


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port: int, method: str, path: str, *, token: str, body: bytes = b"", headers=None,
            timeout: float = 30) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={"Authorization": f"Bearer {token}", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def upload(port: int, token: str, name: str, seed: int) -> dict:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: image/png\r\n\r\n").encode() + png(seed) + f"\r\n--{boundary}--\r\n".encode()
    status, content = request(port, "POST", "/api/v1/cases/uploads", token=token, body=body,
                              headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 201, content
    return json.loads(content)


def submit_case(port: int, token: str, key: str, body: bytes, attempts: int = 60) -> str:
    """POST one submission as a well-behaved client does: a reset or refused connection (a dying or
    respawning worker) and a 5xx are retried with the same Idempotency-Key; anything else must be 201.
    The last kill can land after the submitting threads finished, so replays go through here too."""
    for _ in range(attempts):
        try:
            status, content = request(port, "POST", "/api/v1/cases", token=token, body=body,
                                      headers={"Content-Type": "application/json", "Idempotency-Key": key})
        except OSError:
            status, content = None, b""
        if status == 201:
            return json.loads(content)["number"]
        assert status is None or status >= 500, (status, content)
        time.sleep(0.2)
    raise AssertionError(f"submission {key} was never acknowledged")


class Server:
    """granian serving the test database, as `manage.py serve` does."""

    def __init__(self, workers: int) -> None:
        self.port = free_port()
        db = connection.settings_dict
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tongban.settings.test",
               "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
               "PYTHONPATH": str(ROOT / "src")}
        executable = str(Path(sys.executable).parent / "granian")
        argv = granian_argv(executable, ServeOptions(port=self.port, workers=workers))
        self.log = open(ROOT / "var" / "crash-test-granian.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self.log, stderr=self.log,
                                        start_new_session=True)
        self.wait_until_serving()

    def wait_until_serving(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server exited"
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/api/v1/catalog/items?limit=1")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError("the server did not come up")

    def workers(self) -> list[int]:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in out.stdout.split()]

    def wait_for_workers(self, count: int, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while len(self.workers()) != count:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)
        return True

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


def drop_application_connections() -> int:
    """What a PostgreSQL restart does to the application: every server connection is cut."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.fixture
def world(flushable_audit_log, reference_data):
    (ROOT / "var").mkdir(exist_ok=True)
    load_demo_district()
    load_demo_catalog()
    citizen = User.objects.get(username="zhangsan")
    _, token = issue_token(citizen, now=timezone.now(), name="crash test")
    item = (ServiceItem.objects.filter(published_version__can_apply_online=True, published_version__case_kind="promised",
                                       is_retired=False).order_by("pk").first())
    required = list(Material.objects.filter(version=item.published_version, is_required=True).order_by("pk"))
    server = Server(workers=2)
    yield server, token, item, required
    server.stop()


def test_acknowledged_submissions_survive_killed_workers_and_dropped_connections(world):
    server, token, item, required = world
    # every submission's files are uploaded first: the chaos is aimed at the submission itself
    plans = []
    for n in range(CLIENTS * SUBMISSIONS_EACH):
        files = [upload(server.port, token, f"m{n}-{m.pk}.png", seed=n) for m in required]
        body = {"item_code": item.implementation_code, "channel": "online",
                "materials": [{"material_id": m.pk, "provision": "submitted", "file_id": f["id"]}
                              for m, f in zip(required, files, strict=True)]}
        plans.append((uuid.uuid4().hex, json.dumps(body).encode()))
    acknowledged: dict[str, str] = {}  # Idempotency-Key → case number
    lock = threading.Lock()

    def submit(share: list) -> None:
        for key, body in share:
            number = submit_case(server.port, token, key, body)
            with lock:
                acknowledged[key] = number

    threads = [threading.Thread(target=submit, args=(plans[i::CLIENTS],)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    killed = 0
    for chaos in ("kill", "drop", "kill", "kill"):
        time.sleep(0.7)
        if chaos == "drop":
            drop_application_connections()
        elif workers := server.workers():
            os.kill(workers[0], signal.SIGKILL)
            killed += 1
    for thread in threads:
        thread.join()

    assert killed == 3
    assert len(acknowledged) == len(plans), "every submission was acknowledged in the end"
    numbers = list(acknowledged.values())
    assert len(set(numbers)) == len(numbers)
    assert Case.objects.filter(number__in=numbers).count() == len(numbers)
    assert Case.objects.filter(item=item).count() == len(numbers), "no duplicate from a retried request"
    for key, body in plans[:5]:  # a replay answers with the same case
        assert submit_case(server.port, token, key, body) == acknowledged[key]
    assert server.process.poll() is None
    assert server.wait_for_workers(2), "granian respawned the workers"
    assert list(find_tampering()) == []

"""In-process CPU and SQL statements per case transition (no sockets, no gunicorn, no wrk).

    python bench/transition_cpu.py [--database bench_cases] [--cases 1000] [--rounds 3]

Drives fresh "submitted" cases (made as bench/cases.py makes them) through accept →
start_review → approve → deliver with Django's test Client (the whole middleware stack, ninja
and the service, as gunicorn would call it) in this one process, and reports CPU time per
transition (time.process_time), the same for the service alone (transition_case called
directly), the CPU of the PostgreSQL backend serving this process (/proc/<pid>/stat, 10 ms
ticks: the database must be on this machine), and the SQL statements one case's four
transitions send. The database must exist: run bench/cases.py (any --cases) on it first, or
pass --prepare to load only the demo district and catalog into it.

Prints one JSON object on stdout; everything else goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import DEMO_PASSWORD, Environment, log, psql  # noqa: E402
from _load import DATABASE, STEPS  # noqa: E402


def _client():
    from django.test import Client

    return Client(SERVER_NAME="127.0.0.1")


def _token(client, username: str) -> str:
    reply = client.post("/api/v1/auth/tokens", {"username": username, "password": DEMO_PASSWORD},
                        content_type="application/json")
    if reply.status_code != 201:
        raise RuntimeError(f"token for {username}: {reply.status_code} {reply.content[:300]!r}")
    return reply.json()["token"]


# tongban.core.fastpath (batched): WITH gate AS (<case UPDATE>), write_0 AS (<write>), … SELECT FROM gate
WRITE_CLAUSE = re.compile(r", write_\d+ AS \(")
STATEMENT_PARTS = re.compile(r"^WITH gate AS \(|\), write_\d+ AS \(|\) SELECT FROM gate$")


def backend_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL backend of Django's connection (kept open
    across requests: DB_CONN_MAX_AGE)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def over_http(numbers: list[str]) -> tuple[float, int]:
    """CPU seconds and transitions for `numbers` driven through the test Client."""
    client = _client()
    headers = {"clerk": f"Bearer {_token(client, 'shouli')}", "reviewer": f"Bearer {_token(client, 'shenpi')}"}
    done = 0
    began = time.process_time()
    for number in numbers:
        path = f"/api/v1/cases/{number}/transitions"
        for action, who in STEPS:
            reply = client.post(path, {"action": action}, content_type="application/json",
                                HTTP_AUTHORIZATION=headers[who])
            if reply.status_code != 200:
                raise RuntimeError(f"{number} {action}: {reply.status_code} {reply.content[:300]!r}")
            done += 1
    return time.process_time() - began, done


def service_only(numbers: list[str]) -> tuple[float, int]:
    """The same transitions through tongban.cases.services.transition_case directly."""
    from django.utils import timezone

    from tongban.accounts.models import User
    from tongban.cases import services

    actors = {"clerk": User.objects.select_related("region", "department", "window").get(username="shouli"),
              "reviewer": User.objects.select_related("region", "department", "window").get(username="shenpi")}
    done = 0
    began = time.process_time()
    for number in numbers:
        for action, who in STEPS:
            services.transition_case(actor=actors[who], case_number=number, command=services.Command(action=action),
                                     now=timezone.now())
            done += 1
    return time.process_time() - began, done


def statements_of(number: str) -> list[dict]:
    """SQL statements of one case's four transitions through the test Client (tokens warm)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client()
    headers = {"clerk": f"Bearer {_token(client, 'shouli')}", "reviewer": f"Bearer {_token(client, 'shenpi')}"}
    client.get("/api/v1/cases/queue?name=in_progress&limit=1", HTTP_AUTHORIZATION=headers["reviewer"])
    client.get("/api/v1/cases/queue?name=in_progress&limit=1", HTTP_AUTHORIZATION=headers["clerk"])
    steps = []
    for action, who in STEPS:
        with CaptureQueriesContext(connection) as captured:
            reply = client.post(f"/api/v1/cases/{number}/transitions", {"action": action},
                                content_type="application/json", HTTP_AUTHORIZATION=headers[who])
        assert reply.status_code == 200, reply.content
        queries = [query["sql"] for query in captured.captured_queries]
        # the writes go as one statement: the case UPDATE, then each other write, as WITH clauses
        steps.append({"action": action, "round_trips": len(queries),
                      "statements": sum(len(WRITE_CLAUSE.findall(sql)) + 1 for sql in queries),
                      "sql": [part[:160] for sql in queries for part in STATEMENT_PARTS.split(sql) if part]})
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DATABASE, help="an existing benchmark database (bench_…)")
    parser.add_argument("--cases", type=int, default=1000, help="cases per round (4 transitions each)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each kind; the median is reported")
    parser.add_argument("--prepare", action="store_true", help="(re)create the database with the demo "
                        "district and catalog only")
    parser.add_argument("--show-sql", action="store_true", help="print the statements of one case to stderr")
    args = parser.parse_args()
    if not args.database.startswith("bench_"):
        parser.error("benchmark databases start with bench_")

    from cases import create_benchmark_cases, load_demo

    env = Environment(args.database)
    try:
        if args.prepare:
            load_demo(env)
        elif psql(f"SELECT 1 FROM pg_database WHERE datname = '{args.database}'") != "1":
            raise SystemExit(f"database {args.database} does not exist: run bench/cases.py or pass --prepare")
        env.setup_django()
        count = args.cases * (2 * args.rounds) + 1
        log(f"creating {count} submitted cases")
        numbers, _ = create_benchmark_cases(count)
        sample, numbers = numbers[0], numbers[1:]
        # warm every cache (tokens, reference data, compiled statements) before timing
        over_http(numbers[:5])
        numbers = numbers[5:]
        http_ms, service_ms, backend_ms = [], [], []
        for round_ in range(args.rounds):
            chunk = numbers[:args.cases]
            numbers = numbers[args.cases:]
            backend_before = backend_cpu()
            seconds, done = over_http(chunk)
            backend_ms.append(1000 * (backend_cpu() - backend_before) / done)
            http_ms.append(1000 * seconds / done)
            chunk = numbers[:args.cases]
            numbers = numbers[args.cases:]
            seconds, done = service_only(chunk)
            service_ms.append(1000 * seconds / done)
            log(f"round {round_ + 1}: http {http_ms[-1]:.3f} ms, service {service_ms[-1]:.3f} ms, "
                f"PostgreSQL backend {backend_ms[-1]:.3f} ms CPU per transition")
        steps = statements_of(sample)
        if args.show_sql:
            for step in steps:
                print(f"--- {step['action']}: {step['statements']} statements in {step['round_trips']} round trips",
                      file=sys.stderr)
                for sql in step["sql"]:
                    print(f"    {sql}", file=sys.stderr)
        result = {
            "benchmark": "transition_cpu", "database": args.database, "cases_per_round": args.cases,
            "http_cpu_ms_per_transition": round(statistics.median(http_ms), 3),
            "http_cpu_ms_rounds": [round(v, 3) for v in http_ms],
            "service_cpu_ms_per_transition": round(statistics.median(service_ms), 3),
            "service_cpu_ms_rounds": [round(v, 3) for v in service_ms],
            "postgresql_backend_cpu_ms_per_transition": round(statistics.median(backend_ms), 3),
            "postgresql_backend_cpu_ms_rounds": [round(v, 3) for v in backend_ms],
            "statements_per_transition": {step["action"]: step["statements"] for step in steps},
            "statements_mean": round(sum(step["statements"] for step in steps) / len(steps), 2),
            "round_trips_per_transition": {step["action"]: step["round_trips"] for step in steps},
            "round_trips_mean": round(sum(step["round_trips"] for step in steps) / len(steps), 2),
        }
    finally:
        env.cleanup()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Instructions per case transition, counted by valgrind's callgrind (not disturbed by load).

    python bench/transition_instructions.py [--database bench_cases] [--cases 40] [--prepare]

CPU time per transition (bench/transition_cpu.py) moves by tens of percent with whatever else
runs on the machine; the number of instructions the Python process executes does not (runs
repeat within ~0.3 %). This runs itself under `valgrind --tool=callgrind` twice, once driving
`--cases` fresh "submitted" cases through accept → start_review → approve → deliver with
Django's test Client (whole middleware stack, ninja, the service) and once calling
transition_case directly. Case creation and a warm-up of 5 cases (tokens, reference data,
compiled statements) run with instrumentation off; `callgrind_control` switches it on around the
timed loop only. PostgreSQL's own work is not counted. Needs valgrind; the database must exist
(as for bench/transition_cpu.py: run bench/cases.py on it first, or pass --prepare).

Prints one JSON object on stdout; everything else goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import PYTHON, Environment, log, psql  # noqa: E402
from _load import DATABASE, STEPS  # noqa: E402


def _child(mode: str, cases: int) -> None:
    """Under callgrind: create the cases, sign in, warm up; count the transitions only."""
    from django.utils import timezone

    from cases import create_benchmark_cases
    from tongban.accounts.models import User
    from tongban.cases import services
    from transition_cpu import _client, _token, over_http

    numbers, _ = create_benchmark_cases(cases + 5)
    over_http(numbers[:5])
    client = _client()
    headers = {"clerk": f"Bearer {_token(client, 'shouli')}", "reviewer": f"Bearer {_token(client, 'shenpi')}"}
    actors = {who: User.objects.select_related("region", "department", "window").get(username=name)
              for who, name in (("clerk", "shouli"), ("reviewer", "shenpi"))}
    client.get("/api/v1/cases/queue?name=in_progress&limit=1", HTTP_AUTHORIZATION=headers["clerk"])

    def by_http(number: str, action: str, who: str) -> None:
        reply = client.post(f"/api/v1/cases/{number}/transitions", {"action": action},
                            content_type="application/json", HTTP_AUTHORIZATION=headers[who])
        if reply.status_code != 200:
            raise RuntimeError(f"{number} {action}: {reply.status_code} {reply.content[:300]!r}")

    def by_service(number: str, action: str, who: str) -> None:
        services.transition_case(actor=actors[who], case_number=number, command=services.Command(action=action),
                                 now=timezone.now())

    step = by_http if mode == "http" else by_service
    instrument = ["callgrind_control", "-i", "on", str(os.getpid())]
    subprocess.run(instrument, check=True, capture_output=True)
    for number in numbers[5:]:
        for action, who in STEPS:
            step(number, action, who)
    instrument[2] = "off"
    subprocess.run(instrument, check=True, capture_output=True)


def _count(env: Environment, mode: str, cases: int) -> int:
    with tempfile.TemporaryDirectory(prefix="tongban-callgrind-") as scratch:
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no",
                   f"--callgrind-out-file={scratch}/callgrind.out", PYTHON, __file__,
                   "--database", env.database, "--cases", str(cases), "--child", mode]
        log(f"{mode}: {cases} cases ({4 * cases} transitions) under callgrind")
        result = subprocess.run(command, env=env.subprocess_env(), capture_output=True, text=True)
        if result.returncode:
            raise SystemExit(f"callgrind run failed ({result.returncode}):\n{result.stderr[-3000:]}")
        collected = re.search(r"Collected : (\d+)", result.stderr)
        if collected is None:  # pragma: no cover
            raise SystemExit(f"no instruction count in valgrind's output:\n{result.stderr[-3000:]}")
        return int(collected.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DATABASE, help="an existing benchmark database (bench_…)")
    parser.add_argument("--cases", type=int, default=40, help="cases counted per kind (4 transitions each)")
    parser.add_argument("--prepare", action="store_true", help="(re)create the database with the demo "
                        "district and catalog only")
    parser.add_argument("--child", choices=["http", "service"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.child and not args.database.startswith("bench_"):  # the parent checked for its child
        parser.error("benchmark databases start with bench_")

    env = Environment(args.database)
    try:
        if args.child:
            env.setup_django()
            _child(args.child, args.cases)
            return
        if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
            raise SystemExit("valgrind (with callgrind_control) is needed: apt-get install valgrind")
        if args.prepare:
            from cases import load_demo

            load_demo(env)
        elif psql(f"SELECT 1 FROM pg_database WHERE datname = '{args.database}'") != "1":
            raise SystemExit(f"database {args.database} does not exist: run bench/cases.py or pass --prepare")
        transitions = 4 * args.cases
        http = _count(env, "http", args.cases)
        service = _count(env, "service", args.cases)
        result = {
            "benchmark": "transition_instructions", "database": args.database, "transitions": transitions,
            "http_instructions_per_transition": round(http / transitions),
            "service_instructions_per_transition": round(service / transitions),
        }
    finally:
        env.cleanup()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

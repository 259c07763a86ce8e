"""Benchmark: case transitions over HTTP (granian + PostgreSQL) against pgbench TPC-B, same run.

    python bench/cases.py [--cases 1000000] [--seconds 20] [--workers 4] [--database bench_cases]

1. (Re)creates the database (--database, default bench_cases): migrate, load_demo_district, load_demo_catalog and
   generate_demo_data --cases N (its progress bar goes to stderr; the wall time is reported).
2. Creates the benchmark's own "submitted" cases for 区市场监管局 on an item without 并联审批
   departments: one through tongban.cases.services.submit_case (window intake by shouli, real
   uploads), the rest cloned from it with the project's bulk path (tongban.bulk.insert_rows),
   each with its own files, materials and a correctly hashed "case.submitted" audit entry.
3. Serves the app with granian (--server; persistent DB connections, DEBUG off) and drives
   every case accept (shouli) → start_review → approve → deliver (shenpi) with wrk: one
   connection per wrk thread, each thread owning its own slice of cases, so a case's next step
   is sent only after the previous reply. Only 2xx replies count as transitions.
4. Between the wrk runs, runs pgbench TPC-B (scale 10, same concurrency) in database
   bench_pgbench (--pgbench-database): --rounds turns of wrk then pgbench, --seconds in all for
   each, so that whatever else the machine does weighs on both sides of the ratio alike. Give
   both databases names of your own when others may be benchmarking.
5. Measures ~300 sequential GET /api/v1/cases/queue requests as shenpi (in_progress, flag=red,
   flag=yellow, following next_cursor pages); EXPLAIN ANALYZE of the queue SQL goes to stderr.

Prints one JSON object on stdout; everything else goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _load import (  # noqa: E402
    DATABASE,
    combine_rounds, run_wrk, warm_up,
)
from _harness import (  # noqa: E402
    PG_HOST, PG_PORT, PG_USER, SERVERS, Environment, app_server, bearer_token, call, explain, install_signal_handlers,
    loadavg, log, psql, recreate_database, summary_ms,
)
from tongban.cases.testing import png  # noqa: E402

PGBENCH_DATABASE = "bench_pgbench"
PNG = png()  # uploads are decoded: a real image
SERIAL_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # tongban.cases.numbering.ALPHABET


# --- database --------------------------------------------------------------------------------


def load_demo(env: Environment) -> None:
    recreate_database(env.database)
    env.manage("migrate", "--verbosity", "0")
    env.manage("load_demo_district")
    env.manage("load_demo_catalog")


def prepare_database(env: Environment, cases: int) -> dict:
    """Demo district, catalog and `cases` generated cases; the generation's wall time."""
    load_demo(env)
    seconds = env.manage("generate_demo_data", "--cases", str(cases))
    return {"generation_seconds": round(seconds, 1)}


# --- benchmark cases -------------------------------------------------------------------------


def _serial(number: int, width: int = 8) -> str:
    """8 characters: never equal to live (6) or generated (7) serials."""
    digits = []
    for _ in range(width):
        number, digit = divmod(number, len(SERIAL_ALPHABET))
        digits.append(SERIAL_ALPHABET[digit])
    return "".join(reversed(digits))


def benchmark_item():
    """A promised 区市场监管局 item on the standard workflow with no co-departments."""
    from tongban.catalog.models import ServiceItem

    item = (ServiceItem.objects.filter(
        department__code="371302-SCJG", published_version__isnull=False, is_retired=False,
        published_version__case_kind="promised", published_version__workflow_code__in=["", "standard"],
        published_version__co_departments__isnull=True,
    ).select_related("published_version").order_by("implementation_code").first())
    if item is None:
        raise SystemExit("no 区市场监管局 promised item without co-departments in the demo catalog")
    return item


def create_benchmark_cases(count: int) -> tuple[list[str], str]:
    """`count` submitted cases: the first through submit_case, the others cloned in bulk."""
    from django.db import transaction
    from django.utils import timezone

    from tongban.accounts.models import User
    from tongban.audit.hashing import GENESIS_HASH, entry_digest
    from tongban.audit.models import AuditEntry
    from tongban.audit.services import _hashed_fields
    from tongban.bulk import columns_of, insert_rows, next_ids, reset_sequences
    from tongban.cases import services
    from tongban.cases.models import Case, CaseFile, CaseMaterial
    from tongban.catalog.models import Material
    from tongban.core.checkdigits import make_uscc

    clerk = User.objects.select_related("window", "region").get(username="shouli")
    item = benchmark_item()
    now = timezone.now()
    given = []
    for material in Material.objects.filter(version=item.published_version).order_by("order"):
        if material.shared_data_source:
            given.append(services.MaterialInput(material.id, "shared_data"))
        elif material.is_required:
            upload = services.store_upload(name=f"{material.name}.png", data=PNG, actor=clerk, now=now)
            given.append(services.MaterialInput(material.id, "submitted", upload.public_id))
    template = services.submit_case(
        actor=clerk, item_code=item.implementation_code, channel="window", materials=given, now=now,
        applicant=services.Applicant("enterprise", "临沂兰山压测商贸有限公司", make_uscc("91371302000000000"),
                                     "0539-8000000"),
        window=clerk.window,
    )
    template.refresh_from_db()
    if template.status != "submitted":
        raise SystemExit(f"template case is {template.status}, expected submitted")
    log(f"template case {template.number} ({item.published_version.name}) submitted through services; "
        f"cloning {count - 1} more with tongban.bulk.insert_rows")

    case_row = {field.attname: getattr(template, field.attname) for field in columns_of(Case)}
    files = [{f.attname: getattr(row, f.attname) for f in columns_of(CaseFile)}
             for row in CaseFile.objects.filter(case=template).order_by("id")]
    materials = [{f.attname: getattr(row, f.attname) for f in columns_of(CaseMaterial)}
                 for row in CaseMaterial.objects.filter(case=template).order_by("id")]
    entry = AuditEntry.objects.get(stream=f"cases.case:{template.pk}", sequence=1)
    entry_row = {f.attname: getattr(entry, f.attname) for f in columns_of(AuditEntry)}
    prefix = template.number.rsplit("-", 1)[0]

    clones = count - 1
    case_ids = iter(next_ids(Case, clones))
    entry_ids = iter(next_ids(AuditEntry, clones))
    file_ids = iter(next_ids(CaseFile, clones * len(files)))
    material_ids = iter(next_ids(CaseMaterial, clones * len(materials)))
    numbers = [template.number]
    batch_size = 5000
    for start in range(0, clones, batch_size):
        cases, case_files, case_materials, entries = [], [], [], []
        for k in range(start + 1, min(start + batch_size, clones) + 1):
            case_id = next(case_ids)
            audit = {**entry_row, "id": next(entry_ids), "stream": f"cases.case:{case_id}"}
            audit["entry_hash"] = entry_digest(_hashed_fields(AuditEntry(**audit)), GENESIS_HASH)
            number = f"{prefix}-{_serial(case_id)}"  # ids only grow: unique across runs
            cases.append({**case_row, "id": case_id, "number": number,
                          "applicant_name": f"临沂兰山压测{k}号商贸有限公司",
                          "applicant_id_number": make_uscc(f"91371302{k:09d}"),
                          "audit_sequence": 1, "audit_hash": audit["entry_hash"]})
            new_file_ids = {}
            for row in files:
                new_file_ids[row["id"]] = next(file_ids)
                case_files.append({**row, "id": new_file_ids[row["id"]], "case_id": case_id,
                                   "public_id": uuid.uuid4()})
            for row in materials:
                case_materials.append({**row, "id": next(material_ids), "case_id": case_id,
                                       "file_id": new_file_ids.get(row["file_id"])})
            entries.append(audit)
            numbers.append(number)
        with transaction.atomic():
            insert_rows(Case, cases)
            insert_rows(CaseFile, case_files)
            insert_rows(CaseMaterial, case_materials)
            insert_rows(AuditEntry, entries)
    reset_sequences(Case, AuditEntry, CaseFile, CaseMaterial)
    return numbers, item.published_version.name


def vacuum_analyze(database: str) -> None:
    """Steady state of a live database (autovacuum would get there): fresh statistics."""
    log(f"VACUUM (ANALYZE) {database}")
    psql("VACUUM (ANALYZE)", database=database)


# --- load generator --------------------------------------------------------------------------

def measure_queue(port: int, token: str, *, requests: int = 300) -> dict:
    """`requests` sequential GETs as shenpi, cycling through: in_progress page 1 and 4 following
    pages, flag=red page 1 and 2 following, flag=yellow page 1 and 1 following. A kind whose
    pages run out starts again at its first page, so the count stays `requests`."""
    plan = [("", 5), ("red", 3), ("yellow", 2)]
    timings: dict[str, list[float]] = {"first_page": [], "next_page": [], "red": [], "yellow": []}
    every, errors, rows, pages_followed = [], 0, 0, 0
    while len(every) < requests:
        for flag, pages in plan:
            after = ""
            for _page in range(pages):
                if len(every) >= requests:
                    break
                path = "/api/v1/cases/queue?name=in_progress&limit=50"
                path += f"&flag={flag}" if flag else ""
                path += f"&after={after}" if after else ""
                pages_followed += bool(after)
                status, data, seconds = call(port, "GET", path, token=token)
                every.append(seconds)
                timings[flag or ("next_page" if after else "first_page")].append(seconds)
                if status != 200:
                    errors += 1
                    after = ""
                    continue
                body = json.loads(data)
                rows += len(body["items"])
                after = body.get("next_cursor") or ""
    return {"all": summary_ms(every), "errors": errors, "rows": rows, "cursor_pages": pages_followed,
            "by_kind_p95_ms": {kind: summary_ms(values)["p95_ms"] for kind, values in timings.items() if values}}


def explain_queue() -> dict[str, list[str]]:
    """EXPLAIN ANALYZE of the SQL that tongban.cases.queries.queue runs for shenpi, to stderr.
    Returns, per variant, how cases_case is read (index names, or "Seq Scan")."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from tongban.accounts.models import User
    from tongban.cases.queries import queue
    from tongban.rules import rule_value
    from tongban.cases.services.transitions import local_today

    reviewer = User.objects.select_related("department", "region").get(username="shenpi")
    today = local_today(timezone.now())
    first = queue(reviewer, name="in_progress", today=today, yellow_days=rule_value("case.yellow_card_working_days", on=today))
    variants = [("in_progress", {}), ("in_progress page 2", {"after": first.next_cursor or ""}),
                ("flag=red", {"flag": "red"}), ("flag=yellow", {"flag": "yellow"})]
    access: dict[str, list[str]] = {}
    for label, extra in variants:
        with CaptureQueriesContext(connection) as captured:
            queue(reviewer, name="in_progress", today=today,
                  yellow_days=rule_value("case.yellow_card_working_days", on=today), limit=50, **extra)
        sql = captured.captured_queries[-1]["sql"]
        with connection.cursor() as cursor:
            plan = explain(cursor, sql)
        access[label] = sorted(set(re.findall(r"(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)?"
                                              r"(?: using| on) (case_\w+|cases_case_\w+)", plan))
                               | ({"Seq Scan"} if "Seq Scan on cases_case" in plan else set()))
        print(f"\n=== EXPLAIN ANALYZE queue {label} ===\n{sql}\n{plan}\n", file=sys.stderr)
    return access


# --- checks after the run --------------------------------------------------------------------


def outcome_of(numbers: list[str], sample: int = 50) -> dict:
    """Statuses of the benchmark cases and the audit chains of a sample of them."""
    from django.db.models import Count

    from tongban.audit.models import AuditEntry, AuditHead
    from tongban.audit.services import _verify_stream
    from tongban.cases.models import Case

    cases = Case.objects.filter(number__in=numbers)
    by_status = dict(cases.values_list("status").annotate(n=Count("id")).order_by())
    breaks = 0
    checked = list(cases.exclude(status="submitted").order_by("?")[:sample])
    for case in checked:
        stream = f"cases.case:{case.pk}"
        entries = list(AuditEntry.objects.filter(stream=stream).order_by("sequence"))
        head = AuditHead(stream=stream, sequence=case.audit_sequence, entry_hash=case.audit_hash)
        if _verify_stream(stream, entries, head) is not None:
            breaks += 1
    return {"by_status": by_status, "audit_chains_checked": len(checked), "audit_chain_breaks": breaks}


# --- pgbench ---------------------------------------------------------------------------------


PGBENCH_CONNECTION = ["-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER]


def init_pgbench(database: str = PGBENCH_DATABASE) -> None:
    recreate_database(database)
    log(f"pgbench -i -s 10 {database}")
    subprocess.run(["pgbench", *PGBENCH_CONNECTION, "-i", "-s", "10", "-q", database], check=True,
                   stdout=sys.stderr, stderr=sys.stderr)


def run_pgbench(clients: int, seconds: int, database: str = PGBENCH_DATABASE) -> dict:
    """TPC-B for `seconds` on the database init_pgbench made: TPS and latency."""
    jobs = min(2, clients)
    command = ["pgbench", *PGBENCH_CONNECTION, "-c", str(clients), "-j", str(jobs), "-T", str(seconds), database]
    log(" ".join(command))
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    print(result.stdout, file=sys.stderr)
    match = re.search(r"tps = ([\d.]+) \(without initial connection time\)", result.stdout)
    if match is None:
        raise RuntimeError(f"cannot parse pgbench output:\n{result.stdout}")
    latency = re.search(r"latency average = ([\d.]+) ms", result.stdout)
    return {"tps": float(match.group(1)), "clients": clients, "jobs": jobs,
            "latency_avg_ms": float(latency.group(1)) if latency else None}


def rounds_of(numbers: list[str], rounds: int) -> list[list[str]]:
    size = -(-len(numbers) // rounds)
    return [numbers[start:start + size] for start in range(0, len(numbers), size)]


# --- main ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000, help="generated background cases")
    parser.add_argument("--seconds", type=int, default=20, help="duration of the wrk and pgbench runs, in all")
    parser.add_argument("--rounds", type=int, default=4, help="turns wrk and pgbench take (1 with --profile)")
    parser.add_argument("--server", default="granian", choices=SERVERS, help="WSGI server")
    parser.add_argument("--workers", type=int, default=4, help="server worker processes")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"],
                        help="gunicorn worker class (gthread keeps client connections alive)")
    parser.add_argument("--threads", type=int, default=2,
                        help="threads per worker (granian blocking threads; gunicorn gthread)")
    parser.add_argument("--connections", type=int, default=0,
                        help="wrk threads = connections = pgbench clients (default: --workers)")
    parser.add_argument("--bench-cases", type=int, default=0,
                        help="fresh submitted cases to drive (default: max(2000, 500 × seconds))")
    parser.add_argument("--profile", default="", metavar="PATH",
                        help="record the server's workers with py-spy during the load (collapsed stacks "
                             "to PATH, summary to stderr); the profiler costs some CPU")
    parser.add_argument("--reuse-data", action="store_true",
                        help="keep an existing benchmark database instead of regenerating it")
    parser.add_argument("--database", default=DATABASE,
                        help="database the benchmark (re)creates and serves from; must start with bench_")
    parser.add_argument("--pgbench-database", default=PGBENCH_DATABASE,
                        help="database pgbench (re)creates; must start with bench_")
    args = parser.parse_args()
    for name in (args.database, args.pgbench_database):
        if not name.startswith("bench_"):
            parser.error(f"{name!r}: benchmark databases start with bench_")
    rounds = 1 if args.profile else max(1, args.rounds)
    connections = args.connections or args.workers
    bench_cases = args.bench_cases or max(2000, 500 * args.seconds)  # 4 transitions each: room for 2,000 /s
    install_signal_handlers()

    env = Environment(args.database)
    result: dict = {"benchmark": "cases", "database": args.database}
    try:
        generation = {"generation_seconds": None}
        reuse = args.reuse_data and psql(
            f"SELECT 1 FROM pg_database WHERE datname = '{args.database}'") == "1"
        if not reuse:
            generation = prepare_database(env, args.cases)
        env.setup_django()
        from tongban.cases.models import Case

        generated = Case.objects.filter(number__regex=r"-[0-9A-Z]{7}$").count()  # the demo generators' serials

        began = time.perf_counter()
        numbers, item_name = create_benchmark_cases(bench_cases)
        setup_seconds = time.perf_counter() - began
        log(f"{len(numbers)} benchmark cases ready in {setup_seconds:.1f} s")
        vacuum_analyze(args.database)
        from django.db import connection as django_connection

        django_connection.close()

        init_pgbench(args.pgbench_database)
        round_seconds = max(1, args.seconds // rounds)
        loads, pgbenches = [], []
        with app_server(env, server=args.server, workers=args.workers, worker_class=args.worker_class,
                        threads=args.threads) as server:
            port = server.port
            tokens = {"clerk": bearer_token(port, "shouli"), "reviewer": bearer_token(port, "shenpi")}
            warm_up(port, tokens["reviewer"], args.workers)
            load_before = loadavg()
            # wrk and pgbench take turns, so that a change in what else runs on the machine
            # weighs on both sides of the ratio alike
            for round_, portion in enumerate(rounds_of(numbers, rounds), start=1):
                log(f"round {round_}/{rounds}: wrk for {round_seconds} s, {connections} connections; "
                    f"load average {loadavg()}")
                loads.append(run_wrk(server, portion, tokens, threads=connections, seconds=round_seconds,
                                     profile=args.profile, database=args.database))
                log(f"wrk: {loads[-1]['ok']} transitions, {loads[-1]['failed']} failed, cpu {loads[-1]['cpu']}")
                pgbenches.append(run_pgbench(connections, round_seconds, args.pgbench_database))
            load = combine_rounds(loads)
            log("queue latency: ~300 sequential GET /api/v1/cases/queue as shenpi")
            queue_stats = measure_queue(port, tokens["reviewer"])

        queue_plans = explain_queue()
        outcome = outcome_of(numbers)
        in_progress = Case.objects.filter(department__code="371302-SCJG",
                                          status__in=("accepted", "in_review", "review_correction",
                                                      "special_procedure")).count()
        django_connection.close()

        pgbench_tps = statistics.fmean(run["tps"] for run in pgbenches)  # rounds of equal length
        seconds = load["duration_us"] / 1e6
        transitions_per_sec = load["ok"] / seconds
        result.update({
            "generated_cases": generated,
            **generation,
            "reused_database": bool(reuse),
            "transitions_per_sec": round(transitions_per_sec, 1),
            "transitions": load["ok"],
            "transition_errors": load["failed"],
            "transition_error_kinds": load["failures"],
            "transition_socket_errors": load["socket_errors"],
            "transition_latency_ms": load["latency_ms"],
            "cases_completed": load["completed_cases"],
            "cases_exhausted": load["exhausted_threads"] > 0,
            "bench_cases": len(numbers),
            "bench_item": item_name,
            "bench_cases_after": outcome,
            "load_generator": f"wrk -t {connections} -c {connections} (Lua, one connection per thread, "
                              f"in order per case)",
            "load_cpu": load["cpu"],
            **({"profile": {"busy_samples": load["profile"]["busy_samples"],
                            "idle_samples": load["profile"]["idle_samples"]},
                "profiled": True} if args.profile else {}),
            "server": (f"granian {args.workers} workers × {args.threads} threads" if args.server == "granian"
                       else f"gunicorn {args.workers} {args.worker_class} workers"
                       + (f" × {args.threads} threads" if args.worker_class == "gthread" else "")),
            "pgbench_tpcb_tps": round(pgbench_tps, 1),
            "pgbench": {"scale": 10, "clients": pgbenches[0]["clients"], "jobs": pgbenches[0]["jobs"],
                        "seconds": round_seconds * len(pgbenches),
                        "latency_avg_ms": round(statistics.fmean(run["latency_avg_ms"] for run in pgbenches), 3)},
            "ratio_transitions_to_pgbench": round(transitions_per_sec / pgbench_tps, 3),
            "rounds": [{"transitions_per_sec": round(run["ok"] / (run["duration_us"] / 1e6), 1),
                        "pgbench_tps": round(bench["tps"], 1)} for run, bench in zip(loads, pgbenches, strict=True)],
            "target_ratio": 0.30,
            "queue_p50_ms": queue_stats["all"]["p50_ms"],
            "queue_p95_ms": queue_stats["all"]["p95_ms"],
            "queue_p99_ms": queue_stats["all"]["p99_ms"],
            "queue_target_p95_ms": 50,
            "queue_requests": queue_stats["all"]["n"],
            "queue_errors": queue_stats["errors"],
            "queue_p95_ms_by_kind": queue_stats["by_kind_p95_ms"],
            "queue_in_progress_cases": in_progress,
            "queue_cursor_pages": queue_stats["cursor_pages"],
            "queue_plan_case_access": queue_plans,
            "loadavg_before_wrk": load_before,
        })
    finally:
        env.cleanup()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

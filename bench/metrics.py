"""Metrics dashboard latency over N generated cases (PostgreSQL), against a same-run baseline.

    bench/metrics.py [--cases 1000000] [--reuse DATABASE] [--requests 30]

Fills a district (generate_demo_data: cases, ratings, tickets), brings the aggregates up to date
(update_metrics, timed), then times every kind of dashboard question over HTTP (API, bearer token,
granian) and the full dashboard page in-process (two answers: breakdown and trend). Baseline,
same run: the month's 网上申办率 per department computed straight from the case table with one
GROUP BY — what a dashboard without aggregates would have to run. Target: every view p95 < 200 ms.
Prints one JSON object on stdout; progress on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    Environment, app_server, bearer_token, call, install_signal_handlers, loadavg, log, psql, recreate_database,
    summary_ms,
)

DATABASE = "bench_metrics"
TARGET_MS = 200
BASELINE_SQL = """
SELECT department_id, count(*) FILTER (WHERE channel IN ('online', 'mobile')) AS online, count(*) AS submitted
FROM cases_case WHERE submitted_at >= %s AND submitted_at < %s GROUP BY department_id
"""


def views(period_month: str, year: str, department: str, region: str) -> dict[str, dict]:
    """The questions a leader asks, from the broadest to the narrowest."""
    return {
        "month_by_department": {"period": period_month, "group_by": "department"},
        "month_by_region": {"period": period_month, "group_by": "region"},
        "year_by_department": {"period": year, "group_by": "department"},
        "quarter_by_item_in_department": {"period": f"{year}-Q3", "group_by": "item", "department": department},
        "month_by_channel_in_region": {"period": period_month, "group_by": "channel", "region": region},
        "day_by_department": {"period": f"{period_month}-15", "group_by": "department"},
        "trend_12_months": {"period": period_month, "group_by": "period"},
        "trend_5_years": {"period": year, "group_by": "period"},
    }


def timed(port: int, token: str, params: dict, requests: int) -> dict:
    path = "/api/v1/metrics?" + urlencode(params)
    for _ in range(3):  # warm the workers' caches and connections
        call(port, "GET", path, token=token)
    seconds, errors = [], 0
    for _ in range(requests):
        status, _body, elapsed = call(port, "GET", path, token=token)
        errors += status != 200
        seconds.append(elapsed)
    return {**summary_ms(seconds), "errors": errors}


def page_times(requests: int, period_month: str) -> dict:
    """The whole dashboard page (breakdown + trend + chart), rendered in-process for the leader."""
    from django.test import Client

    from tongban.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")  # the harness allows only the host the server serves
    client.force_login(User.objects.get(username="lingdao"))
    seconds = []
    for index in range(requests + 3):
        began = time.perf_counter()
        response = client.get("/metrics/", {"period": period_month, "group_by": "department"})
        if response.status_code != 200:
            raise RuntimeError(f"dashboard page: HTTP {response.status_code}")
        if index >= 3:
            seconds.append(time.perf_counter() - began)
    return summary_ms(seconds)


def baseline(period_month: str, requests: int) -> dict:
    from zoneinfo import ZoneInfo

    from django.db import connection

    start = datetime.strptime(period_month, "%Y-%m").replace(tzinfo=ZoneInfo("Asia/Shanghai"))
    end = (start + timedelta(days=32)).replace(day=1)
    seconds = []
    with connection.cursor() as cursor:
        for _ in range(requests):
            began = time.perf_counter()
            cursor.execute(BASELINE_SQL, [start, end])
            cursor.fetchall()
            seconds.append(time.perf_counter() - began)
    return summary_ms(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--reuse", metavar="DATABASE", help="measure an already generated database instead")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per view")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    args = parser.parse_args()
    install_signal_handlers()

    database = args.reuse or DATABASE
    env = Environment(database)
    result: dict = {"benchmark": "metrics", "database": database, "target_p95_ms": TARGET_MS}
    try:
        if not args.reuse:
            recreate_database(DATABASE)
            env.manage("migrate", "--verbosity", "0")
            env.manage("load_demo_district")
            env.manage("load_demo_catalog")
            result["generate_seconds"] = round(env.manage("generate_demo_data", "--cases", str(args.cases)), 1)
        result["update_metrics_seconds"] = round(env.manage("update_metrics"), 1)
        psql("VACUUM (ANALYZE)", database=database)
        env.setup_django()
        from django.db import connection

        from tongban.accounts.models import Region
        from tongban.cases.models import Case
        from tongban.metrics.models import DailyCaseCount, MonthlyCaseCount

        # The last full month: the newest one holds only the days up to today.
        newest = Case.objects.order_by("-submitted_at").values_list("submitted_at", flat=True).first()
        first_of_newest = (newest or datetime.now()).replace(day=1)
        month = f"{first_of_newest - timedelta(days=1):%Y-%m}"
        town = Region.objects.get(name="枣园镇").code
        result.update({"cases": Case.objects.count(), "daily_case_rows": DailyCaseCount.objects.count(),
                       "monthly_case_rows": MonthlyCaseCount.objects.count(), "month": month})
        result["baseline"] = "one GROUP BY over cases_case for the month's 网上申办率 per department"
        result["baseline_raw_groupby"] = baseline(month, max(args.requests // 3, 5))
        result["page_in_process"] = page_times(args.requests, month)
        connection.close()
        with app_server(env, workers=args.workers) as server:
            token = bearer_token(server.port, "lingdao")
            result["load_average"] = loadavg()
            result["views"] = {}
            for name, params in views(month, month[:4], "371302-SCJG", town).items():
                log(f"view {name}: {args.requests} requests")
                result["views"][name] = timed(server.port, token, params, args.requests)
        worst = max(view["p95_ms"] for view in result["views"].values())
        result["worst_view_p95_ms"] = worst
        errors = sum(view["errors"] for view in result["views"].values())
        result["meets_target"] = (not errors and worst < TARGET_MS
                                  and result["page_in_process"]["p95_ms"] < TARGET_MS)
        result["ratio_baseline_p50_to_worst_view_p95"] = round(result["baseline_raw_groupby"]["p50_ms"] / worst, 2)
    finally:
        env.cleanup()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

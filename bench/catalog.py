"""Benchmark: the public catalog list and its bigram search over HTTP, against a LIKE full scan.

    python bench/catalog.py [--items 10000] [--workers 2]

1. (Re)creates database bench_catalog: migrate, load_demo_district, load_demo_catalog.
2. Adds published items until there are about --items: each copies a demo guide (every element,
   themes and 并联审批 departments) under a new 基本编码 and 实施编码, spread over the district's
   towns, written with tongban.bulk.insert_rows; its SearchGram rows are exactly what
   tongban.catalog.search.index_item writes (index_grams_of of the version's search_text).
   The copies skip the catalog's audit entries (they are read-only benchmark data).
3. Serves the app with granian (DEBUG off) and times ~300 sequential
   GET /api/v1/catalog/items list requests (no filter, department, type, channel, region,
   fully_online, following next_cursor pages) and ~300 `q` searches (营业执照, 食品经营, 许可,
   出生, 施工; first pages and following pages), wall clock per request.
4. Baseline in the same run: the same terms as a plain `SELECT … WHERE search_text LIKE '%term%'`
   full scan of the version table through psycopg, and, for comparison without HTTP, the SQL that
   the API's search runs, timed the same way. EXPLAIN ANALYZE of both goes to stderr.

Prints one JSON object on stdout; everything else goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from itertools import cycle
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    Environment, app_server, call, explain, install_signal_handlers, loadavg, log, psql, recreate_database,
    summary_ms,
)

DATABASE = "bench_catalog"
TERMS = ["营业执照", "食品经营", "许可", "出生", "施工"]
FIRST_MAIN_NUMBER = 50000  # 基本编码 main-item numbers of the copies: 50000… (demo items stay below)


# --- data ------------------------------------------------------------------------------------


def _row(instance) -> dict:
    from tongban.bulk import columns_of

    return {field.attname: getattr(instance, field.attname) for field in columns_of(type(instance))}


def create_items(target: int) -> int:
    """Copy demo guides until `target` items are published; returns how many were added."""
    from django.db import connection, transaction
    from django.utils import timezone

    from tongban.accounts.constants import RegionLevel
    from tongban.accounts.models import Region
    from tongban.bulk import insert_rows, next_ids, reset_sequences
    from tongban.catalog.guide import ELEMENTS
    from tongban.catalog.models import BasicItem, SearchGram, ServiceItem, ServiceItemVersion
    from tongban.catalog.search import index_grams_of

    templates = list(ServiceItem.objects.filter(published_version__isnull=False, is_retired=False)
                     .select_related("published_version", "basic_item", "department")
                     .order_by("implementation_code"))
    existing = len(templates)
    count = max(0, target - existing)
    if not count:
        return 0
    regions = list(Region.objects.filter(level=RegionLevel.TOWN).order_by("code")) or \
        list(Region.objects.filter(parent__isnull=True))
    versions = [t.published_version for t in templates]
    elements = {key: {} for key in ELEMENTS}
    for key, (model, _fields) in ELEMENTS.items():
        for row in model.objects.filter(version__in=versions).order_by("version_id", "order"):
            elements[key].setdefault(row.version_id, []).append(_row(row))
    themes_through = ServiceItemVersion.themes.through
    co_through = ServiceItemVersion.co_departments.through
    themes = {}
    for row in themes_through.objects.filter(serviceitemversion__in=versions):
        themes.setdefault(row.serviceitemversion_id, []).append(row.theme_id)
    co_departments = {}
    for row in co_through.objects.filter(serviceitemversion__in=versions):
        co_departments.setdefault(row.serviceitemversion_id, []).append(row.department_id)

    now = timezone.now()
    basic_ids, item_ids, version_ids = (iter(next_ids(model, count))
                                        for model in (BasicItem, ServiceItem, ServiceItemVersion))
    element_ids = {key: iter(next_ids(model, count * max(
        (len(rows) for rows in elements[key].values()), default=0)))
        for key, (model, _fields) in ELEMENTS.items()}
    gram_id = next_ids(SearchGram, 1).start
    theme_link_id = (themes_through.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    co_link_id = (co_through.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    batch = 1000
    for start in range(0, count, batch):
        basics, items, new_versions, grams, theme_links, co_links = [], [], [], [], [], []
        new_elements = {key: [] for key in ELEMENTS}
        for i in range(start, min(start + batch, count)):
            template = templates[i % existing]
            version = template.published_version
            basic_code = f"{template.basic_item.basic_code[:2]}{FIRST_MAIN_NUMBER + i:05d}000"
            basic = {**_row(template.basic_item), "id": next(basic_ids), "basic_code": basic_code,
                     "kind": "main", "parent_id": None}
            item = {**_row(template), "id": next(item_ids), "basic_item_id": basic["id"],
                    "implementation_code": f"{template.department.uscc}{basic_code}00",
                    "region_id": regions[i % len(regions)].id, "published_version_id": None,
                    "created_at": now}
            copy = {**_row(version), "id": next(version_ids), "item_id": item["id"], "number": 1,
                    "revision": 0, "created_at": now, "updated_at": now, "published_at": now}
            basics.append(basic)
            items.append(item)
            new_versions.append(copy)
            for key in ELEMENTS:
                for row in elements[key].get(version.id, []):
                    new_elements[key].append({**row, "id": next(element_ids[key]), "version_id": copy["id"]})
            for theme_id in themes.get(version.id, []):
                theme_links.append({"id": theme_link_id, "serviceitemversion_id": copy["id"], "theme_id": theme_id})
                theme_link_id += 1
            for department_id in co_departments.get(version.id, []):
                co_links.append({"id": co_link_id, "serviceitemversion_id": copy["id"],
                                 "department_id": department_id})
                co_link_id += 1
            for gram in sorted(index_grams_of(copy["search_text"])):  # as search.index_item
                grams.append({"id": gram_id, "gram": gram, "item_id": item["id"]})
                gram_id += 1
        with transaction.atomic():
            insert_rows(BasicItem, basics)
            insert_rows(ServiceItem, items)
            insert_rows(ServiceItemVersion, new_versions)
            for key, (model, _fields) in ELEMENTS.items():
                insert_rows(model, new_elements[key])
            insert_rows(themes_through, theme_links)
            insert_rows(co_through, co_links)
            insert_rows(SearchGram, grams)
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE catalog_serviceitem AS item SET published_version_id = version.id "
                    "FROM catalog_serviceitemversion AS version "
                    "WHERE version.item_id = item.id AND item.id = ANY(%s)", [[row["id"] for row in items]])
        log(f"items {existing + start + len(items)}/{target}")
    reset_sequences(BasicItem, ServiceItem, ServiceItemVersion, SearchGram, themes_through, co_through,
                    *(model for model, _fields in ELEMENTS.values()))
    return count


# --- requests --------------------------------------------------------------------------------


def list_queries() -> list[tuple[dict, int]]:
    """(filters, pages): each is requested as page 1 and then `pages - 1` following pages."""
    from tongban.accounts.constants import RegionLevel
    from tongban.accounts.models import Region
    from tongban.catalog.models import ServiceItem

    departments = list(ServiceItem.objects.values_list("department__code", flat=True).distinct()
                       .order_by("department__code"))
    towns = list(Region.objects.filter(level=RegionLevel.TOWN).order_by("code").values_list("code", flat=True))
    plans: list[tuple[dict, int]] = [({}, 5)]
    for department in departments[:6]:
        plans.append(({"department": department}, 2))
    plans += [({"type": code}, 2) for code in ("01", "02", "07", "10")]
    plans += [({"channel": channel}, 2) for channel in ("online", "mobile", "kiosk", "window", "near_home")]
    plans += [({"region": code}, 2) for code in towns[:3]]
    plans += [({"fully_online": "true"}, 2), ({"department": departments[0], "channel": "online"}, 1)]
    return plans


def timed_pages(port: int, plans: list[tuple[dict, int]], total: int) -> tuple[list[float], dict]:
    """Request the plans round-robin until `total` requests, following next_cursor."""
    timings: list[float] = []
    errors = rows = followed = 0
    for filters, pages in cycle(plans):
        after = ""
        for _ in range(pages):
            if len(timings) >= total:
                return timings, {"errors": errors, "rows": rows, "cursor_pages": followed}
            query = {**filters, "limit": 20, **({"after": after} if after else {})}
            followed += bool(after)
            status, data, seconds = call(port, "GET", "/api/v1/catalog/items?" + urlencode(query, quote_via=quote))
            timings.append(seconds)
            if status != 200:
                errors += 1
                break
            body = json.loads(data)
            rows += len(body["items"])
            after = body.get("next_cursor") or ""
            if not after:
                break
    raise AssertionError("unreachable")


# --- SQL baselines ---------------------------------------------------------------------------


def search_sql(term: str) -> str:
    """The SQL that picks the search's first page for `term` (by relevance), as Django sends it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tongban.catalog.queries import CatalogFilter, catalog_page

    with CaptureQueriesContext(connection) as captured:
        catalog_page(CatalogFilter(q=term), after="", limit=20)
    return captured.captured_queries[0]["sql"]


def time_sql(cursor, sql: str, params=None, repeat: int = 60) -> list[float]:
    cursor.execute(sql, params)  # warm
    cursor.fetchall()
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        timings.append(time.perf_counter() - began)
    return timings


LIKE_SCAN = "SELECT id, item_id, name FROM catalog_serviceitemversion WHERE search_text LIKE %s"


def sql_comparison() -> dict:
    from django.db import connection

    from tongban.catalog.queries import CatalogFilter, filtered

    baseline, ours, matches = [], [], {}
    with connection.cursor() as cursor:
        for term in TERMS:
            matches[term] = filtered(CatalogFilter(q=term)).count()
            baseline += time_sql(cursor, LIKE_SCAN, [f"%{term}%"])
            sql = search_sql(term)
            ours += time_sql(cursor, sql)
        for term in TERMS[:2]:
            print(f"\n=== EXPLAIN ANALYZE baseline LIKE scan {term} ===\n"
                  f"{explain(cursor, LIKE_SCAN, [f'%{term}%'])}", file=sys.stderr)
            sql = search_sql(term)
            print(f"\n=== EXPLAIN ANALYZE API search {term} ===\n{sql}\n{explain(cursor, sql)}\n", file=sys.stderr)
    return {"baseline": summary_ms(baseline), "search_sql": summary_ms(ours), "matches": matches}


# --- main ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="published items in the catalog")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--requests", type=int, default=300, help="requests per kind (list, search)")
    args = parser.parse_args()
    install_signal_handlers()

    env = Environment(DATABASE)
    result: dict = {"benchmark": "catalog"}
    try:
        recreate_database(DATABASE)
        env.manage("migrate", "--verbosity", "0")
        env.manage("load_demo_district")
        env.manage("load_demo_catalog")
        env.setup_django()
        from django.db import connection

        from tongban.catalog.models import SearchGram, ServiceItemVersion
        from tongban.catalog.queries import published_items

        began = time.perf_counter()
        added = create_items(args.items)
        setup_seconds = time.perf_counter() - began
        log(f"added {added} published items in {setup_seconds:.1f} s")
        connection.close()
        log("VACUUM (ANALYZE) bench_catalog")
        psql("VACUUM (ANALYZE)", database=DATABASE)
        items = published_items().count()
        versions = ServiceItemVersion.objects.count()
        grams = SearchGram.objects.count()
        plans = list_queries()
        connection.close()

        with app_server(env, workers=args.workers) as server:
            port = server.port
            for _ in range(10):  # warm the workers
                call(port, "GET", "/api/v1/catalog/items?limit=20")
                call(port, "GET", "/api/v1/catalog/items?limit=20&q=" + quote("许可"))
            load = loadavg()
            log(f"list: {args.requests} sequential requests; load average {load}")
            list_times, list_info = timed_pages(port, plans, args.requests)
            log(f"search: {args.requests} sequential requests")
            search_plans = [({"q": term}, 3) for term in TERMS]
            search_times, search_info = timed_pages(port, search_plans, args.requests)
            by_term = {}
            for term in TERMS:
                term_times = []
                for _ in range(20):
                    _status, _body, seconds = call(port, "GET", "/api/v1/catalog/items?limit=20&q=" + quote(term))
                    term_times.append(seconds)
                by_term[term] = summary_ms(term_times)["p95_ms"]

        compared = sql_comparison()
        connection.close()
        list_summary, search_summary = summary_ms(list_times), summary_ms(search_times)
        result.update({
            "items": items,
            "added_items": added,
            "setup_seconds": round(setup_seconds, 1),
            "versions": versions,
            "search_grams": grams,
            "list_p50_ms": list_summary["p50_ms"],
            "list_p95_ms": list_summary["p95_ms"],
            "list_p99_ms": list_summary["p99_ms"],
            "list_requests": list_summary["n"],
            "list_cursor_pages": list_info["cursor_pages"],
            "list_errors": list_info["errors"],
            "search_p50_ms": search_summary["p50_ms"],
            "search_p95_ms": search_summary["p95_ms"],
            "search_p99_ms": search_summary["p99_ms"],
            "search_requests": search_summary["n"],
            "search_cursor_pages": search_info["cursor_pages"],
            "search_errors": search_info["errors"],
            "search_first_page_p95_ms_by_term": by_term,
            "search_matches": compared["matches"],
            "baseline": "psycopg: SELECT id, item_id, name FROM catalog_serviceitemversion WHERE search_text LIKE '%term%'",
            "baseline_like_scan_p50_ms": compared["baseline"]["p50_ms"],
            "baseline_like_scan_p95_ms": compared["baseline"]["p95_ms"],
            "search_sql_p50_ms": compared["search_sql"]["p50_ms"],
            "search_sql_p95_ms": compared["search_sql"]["p95_ms"],
            "ratio_like_scan_to_search_sql_p95": round(
                compared["baseline"]["p95_ms"] / compared["search_sql"]["p95_ms"], 2),
            "server": f"granian {args.workers} workers × 2 threads",
            "client": "sequential http.client requests on loopback, one connection each",
            "loadavg_before_requests": load,
        })
    finally:
        env.cleanup()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

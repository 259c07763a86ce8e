"""Benchmark: the verifiable 双随机 draw (tongban.supervision.draw) over a large pool.

100,000 subjects (5 credit classes x 3 risk classes, 20 regions) and 500 inspectors (a fifth of
them district-wide), 2,000 回避 links and previous inspectors for every tenth subject, the default
shares of the rule supervision.draw_share_percent, two inspectors per subject. The draw runs
twice: once from the pool, once from its published snapshot (what `verify_draw` does); the two
digests must agree. Baseline in the same run: sorting the same pool by a plain SHA-256 of the
key alone (the least any hash-ranked draw must do). Prints one JSON object.

    python bench/draw.py [--subjects 100000] [--inspectors 500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

try:
    import tongban  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tongban.rules.registry import get_rule
from tongban.supervision import draw as drawing

RISKS = ("low", "medium", "high")


def make_pool(subjects: int, inspectors: int) -> drawing.Pool:
    regions = [f"3713020{n:02d}000" for n in range(20)]
    pool_subjects = tuple(drawing.Subject(f"S{n:06d}", "ABCDU"[n % 5], RISKS[(n // 5) % 3], regions[n % 20])
                          for n in range(subjects))
    pool_inspectors = tuple(drawing.Inspector(f"jc{n:04d}", () if n % 5 == 0 else (regions[n % 20],))
                            for n in range(inspectors))
    links = frozenset((f"jc{n % inspectors:04d}", f"S{(n * 37) % subjects:06d}") for n in range(2000))
    previous = {f"S{n:06d}": (f"jc{n % inspectors:04d}", f"jc{(n + 1) % inspectors:04d}")
                for n in range(0, subjects, 10)}
    return drawing.Pool(pool_subjects, pool_inspectors, links, previous)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--inspectors", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pool = make_pool(args.subjects, args.inspectors)
    shares = get_rule("supervision.draw_share_percent").default
    seed = drawing.seed_from_sources(["上证指数 2026-11-03 收盘 3456.78"])
    timings, cpu, baseline, digests = [], [], [], set()
    result = None
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = drawing.draw(seed=seed, plan="BENCH-1", pool=pool, shares=shares, per_subject=2)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        digests.add(result.digest)
        started = time.perf_counter()
        sorted(pool.subjects, key=lambda s: hashlib.sha256(s.key.encode()).digest())
        baseline.append(time.perf_counter() - started)
    started = time.perf_counter()
    snapshot = json.loads(drawing.canonical_json(pool.snapshot()))
    recomputed = drawing.draw(seed=seed, plan="BENCH-1", pool=drawing.Pool.from_snapshot(snapshot), shares=shares,
                              per_subject=2)
    verify_seconds = time.perf_counter() - started
    digests.add(recomputed.digest)
    print(json.dumps({
        "benchmark": "draw", "subjects": args.subjects, "inspectors": args.inspectors,
        "drawn": len(result.assignments), "short": len(result.short),
        "draw_seconds_median": round(statistics.median(timings), 4), "draw_seconds_max": round(max(timings), 4),
        "draw_cpu_seconds_median": round(statistics.median(cpu), 4), "loadavg": [round(v, 2) for v in os.getloadavg()],
        "baseline_sort_by_hash_seconds_median": round(statistics.median(baseline), 4),
        "verify_from_snapshot_seconds": round(verify_seconds, 4),
        "identical": len(digests) == 1, "result_digest": result.digest,
        "under_one_second_wall": max(timings) < 1, "under_one_second_cpu": max(cpu) < 1,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()

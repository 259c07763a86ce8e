"""Benchmark: tongban.workdays.add_working_days against a day-by-day chinese_calendar loop.

Both run in the same process on the same random inputs (starts in 2020–2026 whose result stays
inside the published years, n in 1..60); the answers must agree. Prints one JSON object.

    python bench/workdays.py [--inputs 2000] [--seed 20260101]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

try:
    import tongban  # noqa: F401  (installed, e.g. pip install -e .)
except ImportError:  # running from a checkout: use the source tree next to this script
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import chinese_calendar

from tongban.workdays import add_working_days, default_calendar

ONE_DAY = timedelta(days=1)
FIRST_START = date(2020, 1, 1)
# 60 working days never reach past about 100 calendar days, even across 春节 or 国庆,
# so starts up to mid-September 2026 keep every result inside 2026.
LAST_START = date(2026, 9, 15)


def naive_add_working_days(start: date, n: int) -> date:
    """The common approach: step one day at a time and ask chinese_calendar about each."""
    day, counted = start, 0
    while counted < n:
        day += ONE_DAY
        if chinese_calendar.is_workday(day):
            counted += 1
    return day


def make_inputs(count: int, seed: int) -> list[tuple[date, int]]:
    rng = random.Random(seed)
    span = (LAST_START - FIRST_START).days
    return [
        (FIRST_START + timedelta(days=rng.randint(0, span)), rng.randint(1, 60))
        for _ in range(count)
    ]


def time_indexed(inputs: list[tuple[date, int]], passes: int, rounds: int = 5) -> float:
    """Median seconds per call over ``rounds`` rounds of ``passes`` passes over the inputs."""
    function = add_working_days
    per_call = []
    for _ in range(rounds):
        began = time.perf_counter()
        for _ in range(passes):
            for start, n in inputs:
                function(start, n)
        per_call.append((time.perf_counter() - began) / (passes * len(inputs)))
    return statistics.median(per_call)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=2000, help="random (start, n) pairs")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--passes", type=int, default=40, help="passes of the indexed version")
    args = parser.parse_args()

    inputs = make_inputs(args.inputs, args.seed)
    default_calendar()  # load the data files outside the timed part

    # Baseline once over every input; its answers also serve as the reference.
    began = time.perf_counter()
    expected = [naive_add_working_days(start, n) for start, n in inputs]
    baseline_seconds = time.perf_counter() - began

    ours = [add_working_days(start, n) for start, n in inputs]
    mismatches = [
        (s, n, a, b) for (s, n), a, b in zip(inputs, ours, expected, strict=True) if a != b
    ]
    if mismatches:
        raise SystemExit(f"add_working_days disagrees with chinese_calendar: {mismatches[:5]}")

    per_call = time_indexed(inputs, args.passes)
    ops_per_sec = 1 / per_call
    baseline_ops_per_sec = len(inputs) / baseline_seconds
    print(
        json.dumps(
            {
                "benchmark": "workdays.add_working_days",
                "ops_per_sec": round(ops_per_sec),
                "baseline": "chinese_calendar day-by-day loop",
                "baseline_ops_per_sec": round(baseline_ops_per_sec, 1),
                "ratio": round(ops_per_sec / baseline_ops_per_sec, 1),
                "target_ratio": 100,
                "n_ops": args.passes * 5 * len(inputs),
            }
        )
    )


if __name__ == "__main__":
    main()

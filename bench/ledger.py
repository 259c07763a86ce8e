"""Benchmark: the 工作台账 plan parser on seeds 000, 001, 003 — import time and extraction accuracy.

Pure Python, no database: the parser alone (text → tasks), with the built-in aliases. Time per page
counts a page as 1,800 characters of cleaned text for .txt seeds (they carry no page breaks);
baseline in the same run: the bare text cleaning (what any import costs before parsing).
Accuracy is against the expected ledgers in src/tongban/ledger/tests/data (see docs/decisions.md).
Prints one JSON object.

    python bench/ledger.py [--repeat 5] [--seeds ../shared/seeds]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import tongban  # noqa: F401
except ImportError:
    sys.path.insert(0, str(ROOT / "src"))

from tongban.ledger.parsing import UnitTable, parse_plan
from tongban.ledger.parsing.accuracy import compare
from tongban.ledger.parsing.plan import clean

DATA = ROOT / "src" / "tongban" / "ledger" / "tests" / "data"
CHARS_PER_PAGE = 1800


def rows(plan) -> list[dict]:
    out = []
    for task in plan.tasks:
        d = task.as_dict()
        out.append({k: d[k] for k in ("numbering", "title", "lead", "responsible", "deadline_date")}
                   | {"indicators": [{k: i[k] for k in ("op", "value", "unit")} for i in d["indicators"]]})
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    args = parser.parse_args()
    result: dict = {"benchmark": "ledger", "repeat": args.repeat, "seeds": {}}
    for key in ("000", "001", "003"):
        expected = json.loads((DATA / f"expected_{key}.json").read_text())
        text = (Path(args.seeds) / f"{expected['seed']}.txt").read_text()
        parse_times, clean_times, plan = [], [], None
        for _ in range(args.repeat):
            start = time.perf_counter()
            clean(text)
            clean_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            plan = parse_plan(text, table=UnitTable())
            parse_times.append(time.perf_counter() - start)
        pages = max(1, round(len(plan.text) / CHARS_PER_PAGE))
        median = statistics.median(parse_times)
        result["seeds"][key] = {
            "chars": len(text), "pages_estimated": pages, "tasks": len(plan.tasks),
            "parse_ms_median": round(median * 1000, 2),
            "baseline_clean_ms_median": round(statistics.median(clean_times) * 1000, 2),
            "ms_per_page": round(median * 1000 / pages, 3),
            "ms_per_task": round(median * 1000 / max(1, len(plan.tasks)), 3),
            "accuracy": compare(expected["tasks"], rows(plan)),
        }
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()

"""Extraction accuracy against an expected ledger (tests and bench/ledger.py share it)."""

from __future__ import annotations

import difflib

FIELDS = ("lead", "responsible", "deadline_date", "indicators")


def _key(task: dict) -> str:
    return task["title"][:20]


def _norm_indicators(items: list[dict]) -> list[tuple]:
    return sorted((i["op"], float(i["value"]), i["unit"]) for i in items)


def compare(expected: list[dict], found: list[dict]) -> dict:
    """Align tasks by title (sequence match), then count exact field agreement on the aligned pairs.

    found = aligned / expected (recall); precision = aligned / found; a field's accuracy is over
    the expected tasks (a missed task counts as wrong in every field).
    """
    matcher = difflib.SequenceMatcher(a=[_key(t) for t in expected], b=[_key(t) for t in found], autojunk=False)
    pairs: list[tuple[dict, dict]] = []
    for block in matcher.get_matching_blocks():
        pairs += [(expected[block.a + k], found[block.b + k]) for k in range(block.size)]
    result = {"expected": len(expected), "extracted": len(found), "found": len(pairs)}
    total = max(1, len(expected))
    for field in FIELDS:
        if field == "indicators":
            ok = sum(_norm_indicators(e[field]) == _norm_indicators(f[field]) for e, f in pairs)
        elif field == "deadline_date":
            ok = sum(e[field] == f[field] for e, f in pairs)
        else:
            ok = sum(sorted(e[field]) == sorted(f[field]) for e, f in pairs)
        result[field] = round(ok / total, 4)
    result["recall"] = round(len(pairs) / total, 4)
    result["precision"] = round(len(pairs) / max(1, len(found)), 4)
    return result

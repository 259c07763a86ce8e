"""Reading the count tables in tests: rows by a few key fields, and the two agreements every
source must keep (consumer == recomputation; monthly == the sum of the daily rows)."""

from collections import Counter, defaultdict

from tongban.metrics.aggregation import SOURCES, TABLES, stored, verify


def rows(model, *fields: str) -> dict[tuple, dict[str, int]]:
    """The table as {(day, *fields): {counter: value}} without zero counters (summed over the
    key fields left out)."""
    tables = next(t for t in TABLES.values() if model in (t.daily, t.monthly))
    found: dict[tuple, Counter] = defaultdict(Counter)
    for row in model.objects.values("day", *fields, *tables.counters):
        found[tuple(row[name] for name in ("day", *fields))].update(
            {name: row[name] for name in tables.counters if row[name]})
    return {key: dict(values) for key, values in found.items() if values}


def assert_agrees(name: str) -> None:
    """The consumer's daily and monthly tables equal a recomputation from the raw rows."""
    assert verify(SOURCES[name]) == []


def assert_monthly_is_sum_of_daily(name: str) -> None:
    tables = TABLES[name]
    summed: dict[tuple, Counter] = defaultdict(Counter)
    for key, values in stored(tables.daily, tables).items():
        summed[(key[0].replace(day=1), *key[1:])].update(values)
    expected = {key: {n: values[n] for n in tables.counters} for key, values in summed.items()
                if any(values.values())}
    assert stored(tables.monthly, tables) == expected

"""CalendarNotPublished — the calendar refuses to guess outside the published years."""

from __future__ import annotations

from collections.abc import Iterable

from .data import CALENDAR_DIR_ENV


def describe_years(years: Iterable[int]) -> str:
    """Compress sorted years into ranges: (2020, 2021, 2022, 2024) → "2020–2022, 2024"."""
    ordered = sorted(set(years))
    if not ordered:
        return "—"
    runs: list[list[int]] = [[ordered[0], ordered[0]]]
    for year in ordered[1:]:
        if year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    parts = [str(lo) if lo == hi else f"{lo}–{hi}" for lo, hi in runs]
    return ", ".join(parts)


class CalendarNotPublished(LookupError):
    """工作日历未发布 — a date falls in a year whose 节假日安排 is not loaded.

    The State Council publishes next year's holidays and 调休 each November or December, so
    before that (or when a year's file is missing) nobody can say whether a day is a working
    day. Computing a statutory deadline from a guess would be worse than failing, so every
    calendar operation that touches such a year raises this error instead.
    """

    def __init__(self, year: int, published: Iterable[int] = ()) -> None:
        self.year = year
        self.published = tuple(sorted(set(published)))
        loaded = describe_years(self.published)
        super().__init__(
            f"{year}年的工作日历（国务院办公厅节假日安排）尚未载入，无法推算工作日，系统不会猜测。"
            f"请将 {year}.json 放入环境变量 {CALENDAR_DIR_ENV} 指定的目录后重新加载，"
            f"或运行 python manage.py load_workday_calendar <文件>。已载入年份：{loaded}。"
            f" / The working-day calendar for {year} is not loaded (no State Council holiday"
            f" notice on file), so working days cannot be computed and are never guessed."
            f" Drop {year}.json into the directory named by the {CALENDAR_DIR_ENV} environment"
            f" variable and reload, or run `python manage.py load_workday_calendar <file>`."
            f" Loaded years: {loaded}."
        )

    def __reduce__(self) -> tuple[type[CalendarNotPublished], tuple[int, tuple[int, ...]]]:
        # The message is derived from the arguments, so pickling must carry those instead.
        return (type(self), (self.year, self.published))

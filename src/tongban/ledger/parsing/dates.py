"""Deadlines in plan text: '2022年6月底前', '9月底前' (the plan's year), '年底前', '长期坚持' → open ended."""

from __future__ import annotations

import calendar
import datetime as dt
import re

#: Words that make a task open ended when no date is given. Data, not code paths.
OPEN_ENDED_WORDS = ("长期坚持", "持续推进", "长期推进", "持续开展", "常态化推进", "长期开展", "持续实施")

_PERIOD = {"底": "end", "末": "end", "下旬": "end", "中旬": 20, "上旬": 10, "初": 10}
_DATE = re.compile(
    r"(?:(?P<y>20\d{2})年)?(?:(?P<m>1[0-2]|0?[1-9])月(?:(?P<d>[1-3]?\d)日(?P<dsuf>前|之前|以前|起)"
    r"|(?P<p>底|末|下旬|中旬|上旬|初)))"
    r"|(?P<yy>20\d{2})?(?P<ye>年底|年末|年年底|年内|上半年|下半年|全年)"
)
#: a bare year in the text carries to later month-only dates in the same task ("2023年10月底前…；12月底前")
_YEAR = re.compile(r"(20\d{2})年")


def last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def find_deadlines(text: str, year: int | None, *, issued: dt.date | None = None
                   ) -> tuple[list[tuple[dt.date, str, bool]], bool]:
    """All dates in the text as (date, phrase, year_inferred), and whether it says it is open ended.

    A month without a year takes the last year named in the text, else the plan's year; when that
    would put it before the plan was issued ("1月底前" in a plan signed in November) it is next year's.
    """
    found: list[tuple[dt.date, str, bool]] = []
    current = year
    for match in _DATE.finditer(text):
        start = match.start()
        if start and text[start - 1].isdigit():
            continue
        explicit = match.group("y") or match.group("yy")
        if explicit:
            current = int(explicit)
        y = current
        if y is None:
            continue
        inferred = not explicit
        try:
            if match.group("ye"):
                word = match.group("ye")
                if word == "年内" and not explicit:
                    continue  # "年内不能完成" is not a date
                date = dt.date(y, 6, 30) if word == "上半年" else dt.date(y, 12, 31)
            else:
                month = int(match.group("m"))
                if match.group("d"):
                    if match.group("dsuf") == "起":
                        continue
                    date = dt.date(y, month, int(match.group("d")))
                else:
                    period = _PERIOD[match.group("p")]
                    date = last_day(y, month) if period == "end" else dt.date(y, month, period)
        except ValueError:
            continue
        if inferred and issued and date < issued and y == issued.year:
            try:
                date = date.replace(year=date.year + 1)
            except ValueError:
                date = last_day(date.year + 1, date.month)
        found.append((date, match.group(0), inferred))
    open_ended = any(word in text for word in OPEN_ENDED_WORDS)
    return found, open_ended

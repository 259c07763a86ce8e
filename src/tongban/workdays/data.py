"""节假日安排数据 — load and validate the yearly holiday notices and regional closures.

Each year the State Council General Office (国务院办公厅) publishes a notice on the next year's
holidays (放假) and adjusted working days (调休上班: a Saturday or Sunday that becomes a working
day). One notice is stored as one JSON file named ``<year>.json``::

    {"year": 2026,
     "source": "国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）",
     "published": "2025-11-04",                 # optional
     "amendments": ["…"],                       # optional: later notices that changed this one
     "notes": "…",                              # optional
     "holidays": [{"name": "春节", "days": ["2026-02-15", …]}, …],
     "working_weekends": ["2026-02-14", …]}

A notice sometimes reaches back into the last days of the previous year (2023's 元旦 began on
Saturday 2022-12-31; the 2019 notice made Saturday 2018-12-29 a working day), so a file may also
name days in December of the previous year. Every other day must belong to the file's year.

A regional closure file ``regions/<code>.json`` lists extra non-working days decided locally::

    {"region": "<code>", "name": "…", "closures": [{"name": "…", "source": "…", "days": […]}]}

Bad data raises ``ValueError`` with a Chinese message naming the file and the field, so an
administrator loading a new notice sees what to fix. Pure Python: no Django here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

# Extra data directory; its files add years or override the shipped ones.
CALENDAR_DIR_ENV = "TONGBAN_CALENDAR_DIR"
PACKAGE_DATA_DIR = Path(__file__).resolve().parent / "data"  # the notices shipped with Tongban
REGIONS_SUBDIR = "regions"

YEAR_FILE_PATTERN = re.compile(r"^(\d{4})\.json$")
REGION_CODE_PATTERN = re.compile(r"^[0-9A-Za-z_-]{1,32}$")
# Strict ISO form only: date.fromisoformat() would also accept "20260101" or "2026-W01-1".
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_KEYS = {"year", "source", "published", "amendments", "notes", "holidays", "working_weekends"}
_REQUIRED_YEAR_KEYS = {"year", "source", "holidays", "working_weekends"}
_REGION_KEYS = {"region", "name", "closures", "notes"}
_MIN_YEAR, _MAX_YEAR = 1949, 2199


@dataclass(frozen=True)
class Holiday:
    """One holiday (节日) of a notice, e.g. 春节, with every day off it grants (放假)."""

    name: str
    days: tuple[date, ...]


@dataclass(frozen=True)
class YearData:
    """One year's 节假日安排: holidays and adjusted working days (调休上班日)."""

    year: int
    source: str
    holidays: tuple[Holiday, ...]
    working_weekends: tuple[date, ...]
    published: date | None = None
    amendments: tuple[str, ...] = ()
    notes: str = ""

    @property
    def holiday_days(self) -> frozenset[date]:
        """Every day off (放假) granted by the notice, weekends included."""
        return frozenset(day for holiday in self.holidays for day in holiday.days)


@dataclass(frozen=True)
class Closure:
    """A regional extra closure (地方性休息日), with the decision that made it."""

    name: str
    source: str
    days: tuple[date, ...]


@dataclass(frozen=True)
class RegionData:
    """Extra non-working days that apply only in one region (行政区划代码)."""

    region: str
    name: str
    closures: tuple[Closure, ...]

    @property
    def closed_days(self) -> frozenset[date]:
        return frozenset(day for closure in self.closures for day in closure.days)


def _fail(where: str, message: str) -> ValueError:
    return ValueError(f"{where}：{message}")


def _text(value: Any, where: str, field: str, *, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(where, f"字段 {field} 必须是非空字符串")
    return value.strip()


def _day(value: Any, where: str, field: str) -> date:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise _fail(where, f"{field} 的值 {value!r} 不是 YYYY-MM-DD 格式的日期")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(where, f"{field} 的值 {value!r} 不是有效日期") from None


def _list(value: Any, where: str, field: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(where, f"字段 {field} 必须是列表")
    return value


def _days(value: Any, where: str, field: str) -> list[date]:
    return [_day(item, where, f"{field}[{j}]") for j, item in enumerate(_list(value, where, field))]


def _check_keys(data: Any, where: str, allowed: set[str], required: set[str]) -> None:
    if not isinstance(data, Mapping):
        raise _fail(where, "数据必须是 JSON 对象")
    # Unknown keys are refused: a typo such as "working_weekend" would otherwise silently
    # drop every adjusted working day of the year.
    unknown = sorted(set(data) - allowed)
    if unknown:
        allowed_text = ", ".join(sorted(allowed))
        raise _fail(where, f"未知字段 {', '.join(unknown)}（允许的字段：{allowed_text}）")
    missing = sorted(required - set(data))
    if missing:
        raise _fail(where, f"缺少字段 {', '.join(missing)}")


def _in_notice_year(day: date, year: int) -> bool:
    # A notice may reach back into December of the previous year (see module docstring).
    return day.year == year or (day.year == year - 1 and day.month == 12)


def validate_year_data(data: Mapping[str, Any], *, expected_year: int | None = None) -> YearData:
    """Check one year's 节假日安排 and return it as :class:`YearData`.

    Raises ``ValueError`` with a Chinese message for: a missing or unknown field, a year that is
    not an integer in range or differs from ``expected_year`` (the file name), a malformed date,
    a day outside the year, a day listed twice, an adjusted working day (调休上班日) that is not a
    Saturday or Sunday, or a day that is both a holiday and a working day.
    """
    year = data.get("year") if isinstance(data, Mapping) else None
    where = f"{year}年节假日数据" if isinstance(year, int) else "节假日数据"
    _check_keys(data, where, _YEAR_KEYS, _REQUIRED_YEAR_KEYS)
    if not isinstance(year, int) or isinstance(year, bool) or not _MIN_YEAR <= year <= _MAX_YEAR:
        raise _fail(where, f"year 必须是 {_MIN_YEAR}–{_MAX_YEAR} 之间的整数，实际为 {year!r}")
    if expected_year is not None and year != expected_year:
        raise _fail(where, f"year={year} 与文件名 {expected_year}.json 不一致")
    source = _text(data["source"], where, "source")
    published = None
    if data.get("published") is not None:
        published = _day(data["published"], where, "published")
    amendments = tuple(
        _text(item, where, f"amendments[{i}]")
        for i, item in enumerate(_list(data.get("amendments", []), where, "amendments"))
    )
    notes = _text(data.get("notes", ""), where, "notes", required=False)

    seen: dict[date, str] = {}

    def claim(day: date, field: str) -> None:
        if not _in_notice_year(day, year):
            raise _fail(where, f"{field} 的日期 {day} 不属于{year}年")
        if day in seen:
            raise _fail(where, f"日期 {day} 重复出现：既列为{seen[day]}，又列为{field}")
        seen[day] = field

    holidays = []
    for i, item in enumerate(_list(data["holidays"], where, "holidays")):
        field = f"holidays[{i}]"
        _check_keys(item, f"{where} {field}", {"name", "days"}, {"name", "days"})
        name = _text(item["name"], where, f"{field}.name")
        days = _days(item["days"], where, f"{field}.days")
        if not days:
            raise _fail(where, f"{field}（{name}）没有任何放假日期")
        for day in days:
            claim(day, f"{name}放假日")
        holidays.append(Holiday(name=name, days=tuple(sorted(days))))

    working = _days(data["working_weekends"], where, "working_weekends")
    for day in working:
        if day.weekday() < 5:
            raise _fail(where, f"调休上班日 {day} 不是周六或周日（工作日本来就上班，无需列出）")
        claim(day, "调休上班日")

    return YearData(
        year=year,
        source=source,
        holidays=tuple(holidays),
        working_weekends=tuple(sorted(working)),
        published=published,
        amendments=amendments,
        notes=notes,
    )


def validate_region_data(
    data: Mapping[str, Any], *, expected_region: str | None = None
) -> RegionData:
    """Check one region's extra closures (地方性休息日) and return them as :class:`RegionData`."""
    code = data.get("region") if isinstance(data, Mapping) else None
    where = f"地区 {code} 休息日数据" if isinstance(code, str) else "地区休息日数据"
    _check_keys(data, where, _REGION_KEYS, {"region", "closures"})
    if not isinstance(code, str) or not REGION_CODE_PATTERN.match(code):
        raise _fail(where, f"region 必须是地区代码（字母、数字、- 或 _），实际为 {code!r}")
    if expected_region is not None and code != expected_region:
        raise _fail(where, f"region={code} 与文件名 {expected_region}.json 不一致")
    name = _text(data.get("name", ""), where, "name", required=False)
    seen: set[date] = set()
    closures = []
    for i, item in enumerate(_list(data["closures"], where, "closures")):
        field = f"closures[{i}]"
        keys = {"name", "source", "days"}
        _check_keys(item, f"{where} {field}", keys, keys)
        days = _days(item["days"], where, f"{field}.days")
        if not days:
            raise _fail(where, f"{field} 没有任何日期")
        for day in days:
            if day in seen:
                raise _fail(where, f"日期 {day} 重复出现")
            seen.add(day)
        closures.append(
            Closure(
                name=_text(item["name"], where, f"{field}.name"),
                source=_text(item["source"], where, f"{field}.source"),
                days=tuple(sorted(days)),
            )
        )
    return RegionData(region=code, name=name, closures=tuple(closures))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"无法读取文件 {path}：{exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"文件 {path} 不是有效的 UTF-8 JSON：{exc}") from exc


def load_year_file(path: str | Path) -> YearData:
    """Read and validate one ``<year>.json`` notice file (国务院办公厅节假日安排通知).

    When the file is named like ``2027.json`` its ``year`` must match the name; any other name
    (e.g. an upload such as ``notice.json``) is accepted as is.
    """
    path = Path(path)
    match = YEAR_FILE_PATTERN.match(path.name)
    try:
        expected = int(match.group(1)) if match else None
        return validate_year_data(_read_json(path), expected_year=expected)
    except ValueError as exc:
        raise ValueError(f"{path}：{exc}") from exc


def load_region_file(path: str | Path) -> RegionData:
    """Read and validate one ``regions/<region_code>.json`` closure file."""
    path = Path(path)
    try:
        return validate_region_data(_read_json(path), expected_region=path.stem)
    except ValueError as exc:
        raise ValueError(f"{path}：{exc}") from exc


def load_directory(directory: str | Path) -> tuple[dict[int, YearData], dict[str, RegionData]]:
    """Load every ``<year>.json`` and ``regions/*.json`` in a data directory.

    Other files are ignored, so a misnamed file shows up as a missing year
    (:class:`~tongban.workdays.CalendarNotPublished` names the expected file).
    """
    directory = Path(directory)
    years: dict[int, YearData] = {}
    regions: dict[str, RegionData] = {}
    if not directory.is_dir():
        raise ValueError(f"节假日数据目录 {directory} 不存在或不是目录")
    for path in sorted(directory.glob("*.json")):
        if YEAR_FILE_PATTERN.match(path.name):
            data = load_year_file(path)
            years[data.year] = data
    region_dir = directory / REGIONS_SUBDIR
    if region_dir.is_dir():
        for path in sorted(region_dir.glob("*.json")):
            region = load_region_file(path)
            regions[region.region] = region
    return years, regions

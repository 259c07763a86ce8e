"""Regional closures (地方性休息日) and the default calendar's extra data directory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tongban import workdays
from tongban.workdays import (
    PACKAGE_DATA_DIR,
    Calendar,
    add_working_days,
    is_working_day,
    load_year_file,
)

D = date


def shipped(*years: int) -> dict[int, workdays.YearData]:
    return {year: load_year_file(PACKAGE_DATA_DIR / f"{year}.json") for year in years}


REGION = "999999"  # a made-up region code: closures here are test data, not real decisions


def regional_calendar() -> Calendar:
    closure = {"name": "测试闭馆", "source": "测试数据", "days": ["2026-03-03", "2026-03-07"]}
    regions = {REGION: {"region": REGION, "closures": [closure]}}
    return Calendar.from_years(shipped(2026), regions)


def test_regional_closure_applies_only_in_its_region() -> None:
    calendar = regional_calendar()
    assert calendar.is_working_day(D(2026, 3, 3)) is True
    assert calendar.is_working_day(D(2026, 3, 3), region=REGION) is False
    assert calendar.is_working_day(D(2026, 3, 3), region="110000") is True  # no closures there
    assert calendar.add_working_days(D(2026, 3, 2), 1, region=REGION) == D(2026, 3, 4)
    assert calendar.working_days_between(D(2026, 3, 2), D(2026, 3, 9), region=REGION) == 4
    assert calendar.deadline(D(2026, 3, 1), 1, "calendar", region=REGION) == D(2026, 3, 2)
    assert calendar.deadline(D(2026, 3, 1), 2, "calendar", region=REGION) == D(2026, 3, 4)
    assert calendar.elapsed_working_days(D(2026, 3, 2), D(2026, 3, 9), region=REGION) == 4
    assert calendar.regions() == (REGION,)


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


# Synthetic 2027 data for the loading tests only; no 2027 notice is shipped.
FAKE_2027 = {
    "year": 2027,
    "source": "测试数据（非真实通知）",
    "holidays": [{"name": "元旦", "days": ["2027-01-01"]}],
    "working_weekends": [],
}


@pytest.fixture
def extra_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(workdays.CALENDAR_DIR_ENV, str(tmp_path))
    workdays.reload()
    yield tmp_path
    workdays.reload()


def test_extra_directory_adds_a_year_after_reload(extra_dir: Path) -> None:
    assert workdays.published_years()[-1] == 2026
    write_json(extra_dir / "2027.json", FAKE_2027)
    assert workdays.published_years()[-1] == 2026  # cached until reload() or the recheck
    workdays.reload()
    assert workdays.published_years() == tuple(range(2020, 2028))
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert workdays.published_year_data()[-1].source == "测试数据（非真实通知）"


def test_every_process_sees_a_changed_data_file_without_reload(
    extra_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A year or closure published through one worker must move deadlines in the others too.
    monkeypatch.setattr(workdays.default, "RECHECK_SECONDS", 0.0)
    assert workdays.published_years()[-1] == 2026
    write_json(extra_dir / "2027.json", FAKE_2027)
    assert workdays.published_years()[-1] == 2027
    closure = {"name": "测试闭馆", "source": "测试数据", "days": ["2026-03-04"]}
    write_json(extra_dir / "regions" / f"{REGION}.json", {"region": REGION, "closures": [closure]})
    assert is_working_day(D(2026, 3, 4), region=REGION) is False


def test_a_region_path_applies_the_closures_of_every_level() -> None:
    town = "999999001"
    closures = {REGION: {"region": REGION, "closures": [
                    {"name": "区闭馆", "source": "测试数据", "days": ["2026-03-03"]}]},
                town: {"region": town, "closures": [
                    {"name": "镇闭馆", "source": "测试数据", "days": ["2026-03-05"]}]}}
    calendar = Calendar.from_years(shipped(2026), closures)
    path = f"{REGION}/{town}/"
    assert [calendar.is_working_day(D(2026, 3, d), region=path) for d in (3, 4, 5)] == [False, True, False]
    assert [calendar.is_working_day(D(2026, 3, d), region=f"{REGION}/") for d in (3, 4, 5)] == [
        False, True, True]
    assert calendar.add_working_days(D(2026, 3, 2), 2, region=path) == D(2026, 3, 6)


def test_provisional_answers_count_weekends_in_unpublished_years() -> None:
    assert workdays.provisional_add_working_days(D(2026, 12, 30), 1) == (D(2026, 12, 31), False)
    assert workdays.provisional_add_working_days(D(2026, 12, 30), 3) == (D(2027, 1, 4), True)
    assert workdays.provisional_deadline(D(2026, 12, 28), 5) == (D(2027, 1, 4), True)
    # far enough for any date it is asked about, not only two years
    calendar = workdays.provisional_calendar(D(2031, 6, 1))
    assert calendar.working_days_between(D(2031, 6, 1), D(2031, 6, 8)) == 5
    assert calendar.add_working_days(D(2031, 12, 31), 1) == D(2032, 1, 1)


def test_extra_directory_overrides_a_shipped_year_and_adds_regions(extra_dir: Path) -> None:
    data = json.loads((PACKAGE_DATA_DIR / "2026.json").read_text(encoding="utf-8"))
    data["holidays"].append({"name": "测试", "days": ["2026-03-03"]})
    write_json(extra_dir / "2026.json", data)
    closure = {"name": "测试闭馆", "source": "测试数据", "days": ["2026-03-04"]}
    write_json(extra_dir / "regions" / f"{REGION}.json", {"region": REGION, "closures": [closure]})
    workdays.reload()
    assert is_working_day(D(2026, 3, 3)) is False
    assert is_working_day(D(2026, 3, 4)) is True
    assert is_working_day(D(2026, 3, 4), region=REGION) is False


def test_missing_extra_directory_adds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(workdays.CALENDAR_DIR_ENV, str(tmp_path / "not-created-yet"))
    assert workdays.data_directories() == [PACKAGE_DATA_DIR]


def test_invalid_extra_file_fails_loudly(extra_dir: Path) -> None:
    write_json(extra_dir / "2027.json", {**FAKE_2027, "year": 2028})
    workdays.reload()
    with pytest.raises(ValueError, match="2027.json"):
        workdays.default_calendar()

"""节假日安排数据 validation: the shipped notices load, and bad data is refused in Chinese."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tongban.workdays import (
    PACKAGE_DATA_DIR,
    load_directory,
    load_region_file,
    load_year_file,
    validate_region_data,
    validate_year_data,
)

NOTICE_NUMBERS = {
    2020: "国办发明电〔2019〕16号",
    2021: "国办发明电〔2020〕27号",
    2022: "国办发明电〔2021〕11号",
    2023: "国办发明电〔2022〕16号",
    2024: "国办发明电〔2023〕7号",
    2025: "国办发明电〔2024〕12号",
    2026: "国办发明电〔2025〕7号",
}


def valid() -> dict[str, Any]:
    return {
        "year": 2026,
        "source": "国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）",
        "holidays": [
            {"name": "元旦", "days": ["2026-01-01", "2026-01-02", "2026-01-03"]},
            {"name": "春节", "days": ["2026-02-15", "2026-02-16"]},
        ],
        "working_weekends": ["2026-01-04", "2026-02-14"],
    }


def test_shipped_files_load_with_their_notice_numbers() -> None:
    years, regions = load_directory(PACKAGE_DATA_DIR)
    assert sorted(years) == list(range(2020, 2027))
    for year, data in years.items():
        assert NOTICE_NUMBERS[year] in data.source
        assert data.published is not None and data.published < date(year, 1, 1)
    assert years[2020].amendments  # the 2020 Spring Festival extension
    assert regions == {}  # no real regional closure is shipped


def test_shipped_2026_matches_the_notice() -> None:
    data = load_year_file(PACKAGE_DATA_DIR / "2026.json")
    spans = {h.name: (h.days[0], h.days[-1], len(h.days)) for h in data.holidays}
    assert spans == {
        "元旦": (date(2026, 1, 1), date(2026, 1, 3), 3),
        "春节": (date(2026, 2, 15), date(2026, 2, 23), 9),
        "清明节": (date(2026, 4, 4), date(2026, 4, 6), 3),
        "劳动节": (date(2026, 5, 1), date(2026, 5, 5), 5),
        "端午节": (date(2026, 6, 19), date(2026, 6, 21), 3),
        "中秋节": (date(2026, 9, 25), date(2026, 9, 27), 3),
        "国庆节": (date(2026, 10, 1), date(2026, 10, 7), 7),
    }
    assert [d.isoformat()[5:] for d in data.working_weekends] == [
        "01-04",
        "02-14",
        "02-28",
        "05-09",
        "09-20",
        "10-10",
    ]


def test_valid_data_is_normalised() -> None:
    data = valid()
    data["holidays"][1]["days"].reverse()
    year = validate_year_data(data)
    assert year.holidays[1].days == (date(2026, 2, 15), date(2026, 2, 16))
    assert date(2026, 1, 1) in year.holiday_days and len(year.holiday_days) == 5


def test_december_of_the_previous_year_is_allowed() -> None:
    data = valid()
    data["holidays"][0]["days"].insert(0, "2025-12-31")
    assert date(2025, 12, 31) in validate_year_data(data).holiday_days


DELETE = object()


def mutate(path: str, value: Any) -> dict[str, Any]:
    """A copy of valid() with the dotted ``path`` set to ``value`` (or deleted)."""
    data = copy.deepcopy(valid())
    *parents, last = path.split(".")
    target: Any = data
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is DELETE:
        del target[last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("_case", "data", "message"),
    [
        ("not an object", ["2026-01-01"], "JSON 对象"),
        ("year as text", mutate("year", "2026"), "year 必须是"),
        ("year out of range", mutate("year", 20260), "year 必须是"),
        ("missing source", mutate("source", DELETE), "缺少字段 source"),
        ("empty source", mutate("source", " "), "source 必须是非空字符串"),
        ("unknown key", {**valid(), "working_weekend": []}, "未知字段 working_weekend"),
        ("day of another year", mutate("holidays.1.days.0", "2025-06-01"), "不属于2026年"),
        ("day of the next year", mutate("working_weekends.0", "2027-01-03"), "不属于2026年"),
        ("slashes", mutate("holidays.0.days.0", "2026/01/01"), "YYYY-MM-DD"),
        ("compact ISO", mutate("holidays.0.days.0", "20260101"), "YYYY-MM-DD"),
        ("no such day", mutate("holidays.0.days.0", "2026-02-30"), "不是有效日期"),
        ("day as number", mutate("holidays.0.days.0", 20260101), "YYYY-MM-DD"),
        ("duplicate in one holiday", mutate("holidays.0.days.1", "2026-01-01"), "重复出现"),
        ("same day in two holidays", mutate("holidays.1.days.0", "2026-01-03"), "重复出现"),
        ("duplicate working day", mutate("working_weekends.1", "2026-01-04"), "重复出现"),
        ("working weekday", mutate("working_weekends.0", "2026-01-05"), "不是周六或周日"),
        ("holiday and working", mutate("working_weekends.1", "2026-02-15"), "又列为调休上班日"),
        ("holiday without days", mutate("holidays.1.days", []), "没有任何放假日期"),
        ("holiday without name", mutate("holidays.1.name", ""), "name 必须是非空字符串"),
        ("holidays not a list", mutate("holidays", {}), "holidays 必须是列表"),
        ("bad published date", {**valid(), "published": "2025-11"}, "published"),
    ],
)
def test_invalid_year_data_is_refused(_case: str, data: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_year_data(data)


def test_expected_year_must_match() -> None:
    with pytest.raises(ValueError, match="与文件名 2025.json 不一致"):
        validate_year_data(valid(), expected_year=2025)


def write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def test_load_year_file_checks_the_file_name(tmp_path: Path) -> None:
    text = json.dumps(valid(), ensure_ascii=False)
    assert load_year_file(write(tmp_path / "upload.json", text)).year == 2026
    with pytest.raises(ValueError, match=r"2025\.json.*不一致"):
        load_year_file(write(tmp_path / "2025.json", text))


def test_load_year_file_reports_broken_json(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="不是有效的 UTF-8 JSON"):
        load_year_file(write(tmp_path / "2026.json", '{"year": 2026,'))
    with pytest.raises(ValueError, match="无法读取文件"):
        load_year_file(tmp_path / "missing.json")


def test_load_directory_ignores_other_files_and_rejects_missing_dirs(tmp_path: Path) -> None:
    write(tmp_path / "README.json", "not json at all")
    write(tmp_path / "2026.json", json.dumps(valid()))
    years, regions = load_directory(tmp_path)
    assert list(years) == [2026] and regions == {}
    with pytest.raises(ValueError, match="不存在"):
        load_directory(tmp_path / "nowhere")


def region(**changes: Any) -> dict[str, Any]:
    closure = {"name": "测试闭馆", "source": "测试数据", "days": ["2026-03-03"]}
    return {"region": "999999", "name": "测试区", "closures": [closure], **changes}


def test_region_file_loads(tmp_path: Path) -> None:
    data = load_region_file(write(tmp_path / "999999.json", json.dumps(region())))
    assert data.region == "999999" and data.closed_days == frozenset({date(2026, 3, 3)})


@pytest.mark.parametrize(
    ("_case", "data", "message"),
    [
        ("bad code", region(region="99 99"), "地区代码"),
        ("no closures key", {"region": "999999"}, "缺少字段 closures"),
        ("empty days", region(closures=[{"name": "x", "source": "y", "days": []}]), "没有任何日期"),
        ("missing source", region(closures=[{"name": "x", "days": ["2026-03-03"]}]), "缺少字段"),
        (
            "duplicate day",
            region(closures=[{"name": "x", "source": "y", "days": ["2026-03-03"] * 2}]),
            "重复出现",
        ),
    ],
)
def test_invalid_region_data_is_refused(_case: str, data: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_region_data(data)


def test_region_file_name_must_match(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="不一致"):
        load_region_file(write(tmp_path / "888888.json", json.dumps(region())))

"""Publish a year of holidays and 调休 working days, or a region's closures (地方性休息日), into
the calendar data directory; both are live at once in every process (workdays rechecks its files)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from tongban import workdays
from tongban.accounts.constants import Role
from tongban.audit import services as audit
from tongban.core.errors import DomainError, Forbidden
from . import events as calendar_events


def publish_year(data: dict[str, Any], *, actor, now: datetime) -> workdays.YearData:
    """发布年度日历 — validate a State Council notice's data and make it live at once.

    The file lands in WORKDAYS_DATA_DIR, which overrides the packaged years, so a district
    can load next year's notice in December without waiting for a Tongban release.
    """
    try:
        year = workdays.validate_year_data(data)
    except ValueError as error:
        raise DomainError("calendar.invalid_year_data", str(error), field="file", status=422) from error
    before = _write(Path(settings.WORKDAYS_DATA_DIR) / f"{year.year}.json", data)
    audit.record(actor=actor, action=calendar_events.YEAR_PUBLISHED, target=f"workdays.year:{year.year}",
                 now=now, before=_summary(before), after=_summary(data))
    return year


def _summary(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return {
        "year": data.get("year"),
        "source": data.get("source"),
        "holiday_days": sum(len(holiday.get("days", [])) for holiday in data.get("holidays", [])),
        "working_weekends": data.get("working_weekends", []),
    }


def _write(target: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    """Replace `target` atomically (readers never see half a file) and reload the calendar;
    the file's previous content, if any."""
    target.parent.mkdir(parents=True, exist_ok=True)
    before = json.loads(target.read_text(encoding="utf-8")) if target.exists() else None
    temporary = target.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    temporary.replace(target)
    workdays.reload()
    return before


def region_closures(region) -> list[dict[str, Any]]:
    """The closures (地方性休息日) the calendar has for `region` (an accounts.Region)."""
    data = workdays.default_calendar().region_data(region.code)
    if data is None:
        return []
    return [{"name": closure.name, "source": closure.source, "days": [day.isoformat() for day in closure.days]}
            for closure in data.closures]


def _check_region_editor(actor, region) -> None:
    """系统管理员 anywhere; 中心管理员 for their own region and below."""
    if actor.role == Role.ADMIN:
        return
    if actor.role == Role.SUPERVISOR and actor.region_id and region.path.startswith(actor.region.path):
        return
    raise Forbidden("calendar.region_not_allowed", "只能维护本级及下级区划的地方性休息日。")


def save_region_closures(*, region, closures: list[dict[str, Any]], actor, now: datetime) -> int:
    """地方性休息日 — replace a region's closures, make them live, and move the due dates of the
    region's running cases (a closure day is no working day there, nor in its towns).

    Each closure: {"name": …, "source": the decision that made it, "days": ["YYYY-MM-DD", …]}.
    Returns how many cases got a new due date."""
    from tongban.cases.services.jobs import recompute_region_due_dates

    _check_region_editor(actor, region)
    data = {"region": region.code, "name": region.name, "closures": closures}
    try:
        workdays.validate_region_data(data, expected_region=region.code)
    except ValueError as error:
        raise DomainError("calendar.invalid_closure", str(error), field="days", status=422) from error
    target = Path(settings.WORKDAYS_DATA_DIR) / "regions" / f"{region.code}.json"
    before = _write(target, data)
    audit.record(actor=actor, action=calendar_events.REGION_CLOSURES_SAVED, target=f"workdays.region:{region.code}",
                 now=now, before=_closure_summary(before), after=_closure_summary(data))
    return recompute_region_due_dates(region.code, now=now)


def _closure_summary(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return {"region": data.get("region"),
            "closures": [{"name": c.get("name"), "source": c.get("source"), "days": c.get("days", [])}
                         for c in data.get("closures", [])]}


def parse_days(text: str) -> list[str]:
    """Days typed one per line or separated by commas / spaces, as ISO strings (checked later)."""
    parts = text.replace("，", ",").replace("、", ",").replace("\n", ",").replace(" ", ",").split(",")
    days = []
    for part in (p.strip() for p in parts):
        if part:
            try:
                days.append(date.fromisoformat(part).isoformat())
            except ValueError:
                raise DomainError("calendar.invalid_closure", f"日期“{part}”应写作 YYYY-MM-DD。", field="days",
                                  status=422) from None
    return days

"""Publish a year of holidays and 调休 working days into the calendar data directory."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from tongban import workdays
from tongban.audit import services as audit
from tongban.core.errors import DomainError


def publish_year(data: dict[str, Any], *, actor, now: datetime) -> workdays.YearData:
    """发布年度日历 — validate a State Council notice's data and make it live at once.

    The file lands in WORKDAYS_DATA_DIR, which overrides the packaged years, so a district
    can load next year's notice in December without waiting for a Tongban release.
    """
    try:
        year = workdays.validate_year_data(data)
    except ValueError as error:
        raise DomainError("calendar.invalid_year_data", str(error), field="file", status=422)
    directory: Path = settings.WORKDAYS_DATA_DIR
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{year.year}.json"
    before = json.loads(target.read_text(encoding="utf-8")) if target.exists() else None
    temporary = target.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    temporary.replace(target)  # atomic: readers never see half a file
    workdays.reload()
    audit.record(actor=actor, action="calendar.year_published", target=f"workdays.year:{year.year}",
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

"""工作日历 — Tongban's working-day calendar (pure Python, no Django).

Answers "is this a 工作日?" and "when is the deadline?" from the State Council's yearly holiday
notices (节假日安排: 放假 and 调休), regional closures, and 补正 / 特别程序 pauses. Years without a
loaded notice raise :class:`CalendarNotPublished` instead of being guessed, except through the
``provisional_*`` functions, which count weekends only there and say that they did (暂定).

    >>> from datetime import date
    >>> from tongban.workdays import add_working_days
    >>> add_working_days(date(2026, 2, 13), 2)   # 2/14 is a 调休 Saturday, then 春节
    datetime.date(2026, 2, 24)
"""

from .calendar import Calendar, Pause, Unit
from .data import (
    CALENDAR_DIR_ENV,
    PACKAGE_DATA_DIR,
    Closure,
    Holiday,
    RegionData,
    YearData,
    load_directory,
    load_region_file,
    load_year_file,
    validate_region_data,
    validate_year_data,
)
from .default import (
    add_calendar_days,
    add_working_days,
    calendar_day_deadline,
    data_directories,
    deadline,
    default_calendar,
    elapsed_working_days,
    is_working_day,
    published_year_data,
    provisional_add_working_days,
    provisional_calendar,
    provisional_deadline,
    published_years,
    reload,
    remaining_working_days,
    working_days_between,
)
from .errors import CalendarNotPublished

__all__ = [
    "CALENDAR_DIR_ENV",
    "PACKAGE_DATA_DIR",
    "Calendar",
    "CalendarNotPublished",
    "Closure",
    "Holiday",
    "Pause",
    "RegionData",
    "Unit",
    "YearData",
    "add_calendar_days",
    "add_working_days",
    "calendar_day_deadline",
    "data_directories",
    "deadline",
    "default_calendar",
    "elapsed_working_days",
    "is_working_day",
    "load_directory",
    "load_region_file",
    "load_year_file",
    "published_year_data",
    "provisional_add_working_days",
    "provisional_calendar",
    "provisional_deadline",
    "published_years",
    "reload",
    "remaining_working_days",
    "validate_region_data",
    "validate_year_data",
    "working_days_between",
]

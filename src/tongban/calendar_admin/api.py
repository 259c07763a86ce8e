"""Public calendar endpoints: which years are published, and a deadline calculator."""

from datetime import date
from typing import Literal

from ninja import Field, Query, Router, Schema

from tongban import workdays
from tongban.core.errors import DomainError

router = Router(tags=["工作日历"])


class YearOut(Schema):
    year: int
    source: str
    holiday_days: int
    working_weekends: list[date]


@router.get("/workdays/years", response=list[YearOut], auth=None, summary="已发布的年度节假日安排")
def list_calendar_years(request):
    return [
        {"year": year.year, "source": year.source, "holiday_days": len(year.holiday_days),
         "working_weekends": list(year.working_weekends)}
        for year in workdays.published_year_data()
    ]


class DeadlineQuery(Schema):
    start: date = Field(description="起算日（受理日），当日不计入")
    n: int = Field(ge=0, le=3650, description="时限数")
    unit: Literal["working", "calendar"] = Field("working", description="working 工作日 / calendar 自然日")


class DeadlineOut(Schema):
    start: date
    n: int
    unit: str
    deadline: date


@router.get("/workdays/deadline", response=DeadlineOut, auth=None, summary="按工作日历计算办结期限")
def compute_deadline(request, query: Query[DeadlineQuery]):
    try:
        due = workdays.deadline(query.start, query.n, query.unit)
    except workdays.CalendarNotPublished as error:
        raise DomainError("calendar.not_published", str(error), field="start", status=422) from error
    return {"start": query.start, "n": query.n, "unit": query.unit, "deadline": due}

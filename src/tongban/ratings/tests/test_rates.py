"""好差评 rates by hand on a small month, an empty month, and the percentage boundaries."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.cases.models import Case
from tongban.core.rates import percent
from tongban.ratings.models import Rating, Rectification
from tongban.ratings.rates import rating_rates

from .conftest import completed_case

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(("_case", "numerator", "denominator", "expected"), [
    ("nothing to count", 0, 0, None),
    ("all", 1, 1, Decimal(100)),
    ("999 of 1000 is 99.9", 999, 1000, Decimal("99.9")),
    ("1999 of 2000 is cut to 99.9, never shown as 100", 1999, 2000, Decimal("99.9")),
    ("two thirds", 2, 3, Decimal("66.6")),
    ("none", 0, 5, Decimal(0)),
])
def test_percent_boundaries(_case, numerator, denominator, expected):
    assert percent(numerator, denominator) == expected


def another(case: Case) -> Case:
    """A copy of the closed case under a new number: 一次一评 allows one rating per case."""
    fields = {f.attname: getattr(case, f.attname) for f in Case._meta.concrete_fields if not f.primary_key}
    fields.update(number=f"{case.number}-{Case.objects.count()}", audit_sequence=0, audit_hash="")
    return Case.objects.create(**fields)


def rate(case, level, when, *, rater=None, rectification=None):
    case = another(case)
    rating = Rating.objects.create(case=case, rater=rater, is_real_name=rater is not None, level=level,
                                   comment="", channel="online", item_id=case.item_id,
                                   department_id=case.department_id, window_id=case.intake_window_id,
                                   staff_id=case.intake_clerk_id, created_at=when)
    if rectification:
        Rectification.objects.create(rating=rating, department_id=case.department_id, is_real_name=rating.is_real_name,
                                     opened_on=when.date(), due_date=date(2026, 10, 20), updated_at=when,
                                     **rectification)
    return rating


@pytest.fixture
def october(rating_world):
    case = completed_case(rating_world)
    raters = [User.objects.create_user(username=f"r{n}", password="x", role=Role.CITIZEN) for n in range(8)]
    oct_ = datetime(2026, 10, 15, 10, tzinfo=SHANGHAI)
    rate(case, 1, oct_, rater=raters[0])
    rate(case, 2, oct_, rater=raters[1])
    rate(case, 3, oct_, rater=raters[2])
    rate(case, 4, oct_, rater=raters[3], rectification={
        "status": "closed", "answered_at": oct_, "answered_on_time": True, "callback_at": oct_,
        "callback_satisfied": True})
    rate(case, 5, oct_, rater=raters[4], rectification={"status": "open"})
    rate(case, 5, oct_, rectification={"status": "answered", "answered_at": oct_, "answered_on_time": False})
    # just outside October on both sides, in local time
    rate(case, 5, datetime(2026, 9, 30, 23, 59, tzinfo=SHANGHAI), rater=raters[5], rectification={"status": "open"})
    rate(case, 1, datetime(2026, 11, 1, 0, 0, tzinfo=SHANGHAI), rater=raters[6])
    return case


def test_a_month_by_department(october):
    total, market = rating_rates("department", date(2026, 10, 1))
    assert (total.name, market.name) == ("合计", "区市场监管局")
    for row in (total, market):
        assert (row.ratings, row.good, row.bad, row.real_name_bad, row.rectified) == (6, 2, 3, 2, 1)
        assert (row.answered, row.answered_on_time, row.callbacks, row.satisfied) == (2, 1, 1, 1)
        assert (row.good_rate, row.bad_rate, row.rectified_rate, row.on_time_rate, row.satisfaction_rate) == (
            Decimal("33.3"), Decimal(50), Decimal(50), Decimal(50), Decimal(100))
        assert row.rectified_target_met is False


def test_grouping_by_staff_and_window(october):
    _, staff = rating_rates("staff", date(2026, 10, 1))
    assert staff.ratings == 6 and staff.key == october.intake_clerk_id
    _, window = rating_rates("window", date(2026, 10, 1))
    assert window.name == "（非窗口办理）"  # an online case has no intake window
    _, item = rating_rates("item", date(2026, 10, 1))
    assert item.key == october.item_id


def test_the_month_edges_belong_to_their_own_month(october):
    assert rating_rates("department", date(2026, 9, 1))[0].ratings == 1
    assert rating_rates("department", date(2026, 11, 1))[0].ratings == 1


def test_an_empty_month_has_no_rates(october):
    rows = rating_rates("department", date(2026, 12, 1))
    assert len(rows) == 1
    total = rows[0]
    assert total.ratings == 0
    assert (total.good_rate, total.bad_rate, total.rectified_rate, total.on_time_rate, total.satisfaction_rate,
            total.rectified_target_met) == (None, None, None, None, None, None)

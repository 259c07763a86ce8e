"""好差评 counts: the consumer of the rating and rectification audit log against hand counts and
against the Rating rows."""

from datetime import date, datetime, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongban.accounts.models import Region
from tongban.audit import services as audit
from tongban.cases.models import Case
from tongban.core.clock import local_date
from tongban.metrics.aggregation import update
from tongban.metrics.models import DailyRatingCount, MonthlyRatingCount
from tongban.ratings import services
from tongban.ratings.models import Rating, Rectification
from tongban.ratings.tests.conftest import completed_case, rating_world  # noqa: F401

from .conftest import SHANGHAI, at
from .counting import assert_agrees, assert_monthly_is_sum_of_daily, rows

LATER = at(2027, 1, 1)  # every entry has settled by then


class Cases:
    """Closed cases to rate: one taken through every step, the others copies of its row in
    another department or region (the consumer reads only the ratings' own audit entries)."""

    def __init__(self, rw):
        self.rw = rw
        self.base = completed_case(rw.cw)
        self.town = Region.objects.create(code="371302001000", name="兰山街道", level="town",
                                          parent=rw.catalog.region)
        self.copies = 0

    def copy(self, *, housing=False, town=False) -> Case:
        fields = {f.attname: getattr(self.base, f.attname) for f in Case._meta.concrete_fields if not f.primary_key}
        self.copies += 1
        fields.update(number=f"{self.base.number}-{self.copies}", audit_sequence=0, audit_hash="")
        if housing:
            fields["department_id"] = self.rw.catalog.housing.pk
        if town:
            fields["region_id"] = self.town.pk
        return Case.objects.create(**fields)

    def rate(self, case, level, now, *, channel="online", anonymous=False) -> Rating:
        return services.rate_case(actor=self.rw.citizen, case_number=case.number, level=level, channel=channel,
                                  comment="" if level <= 3 else "等候时间太长", anonymous=anonymous, now=now)

    def reviewer_of(self, rectification):
        housing = rectification.department_id == self.rw.catalog.housing.pk
        return self.rw.housing_reviewer if housing else self.rw.reviewer

    def answer(self, rectification, now):
        return services.answer_rectification(actor=self.reviewer_of(rectification), rectification_id=rectification.pk,
                                             fix_description="增加窗口", answer_to_rater="已整改", now=now)

    def verify(self, rectification, now, accepted=True):
        return services.verify_rectification(actor=self.rw.supervisor, rectification_id=rectification.pk,
                                             accepted=accepted, note="核实", now=now)

    def callback(self, rectification, now, satisfied):
        return services.record_callback(actor=self.rw.supervisor, rectification_id=rectification.pk,
                                        satisfied=satisfied, note="已回访", now=now)


@pytest.fixture
def rated(rating_world):  # noqa: F811
    return Cases(rating_world)


@pytest.mark.django_db
def test_hand_counted_ratings_and_a_reopen_taking_the_rectification_back(rated):
    district, town = rated.rw.catalog.region.pk, rated.town.pk
    market, housing = rated.rw.catalog.market.pk, rated.rw.catalog.housing.pk
    first, second = rated.base, rated.copy()
    rated.rate(first, 1, at(2026, 9, 22, 10))
    # 差评, not real-name (一次一评: each rating on its own case)
    rated.rate(rated.copy(), 4, at(2026, 9, 22, 11), channel="window_device", anonymous=True)
    fixed = rated.rate(second, 5, at(2026, 9, 22, 12)).rectification
    rated.rate(rated.copy(housing=True), 3, at(2026, 9, 23, 9), channel="mobile")
    reopened = rated.rate(rated.copy(town=True), 4, at(2026, 9, 23, 10)).rectification
    # ten minutes after midnight Beijing time is still 9/23 in UTC: the local day counts
    rated.rate(rated.copy(), 2, datetime(2026, 9, 24, 0, 10, tzinfo=SHANGHAI), channel="sms", anonymous=True)
    for rectification in (fixed, reopened):
        rated.verify(rated.answer(rectification, at(2026, 9, 24, 9)), at(2026, 9, 24, 15))

    update("ratings", now=LATER)

    real_name_bad = {"ratings": 1, "bad": 1, "real_name_bad": 1, "real_name_bad_rectified": 1}
    assert rows(DailyRatingCount, "region", "department", "channel") == {
        (date(2026, 9, 22), district, market, "online"): {
            "ratings": 2, "good": 1, "bad": 1, "real_name_bad": 1, "real_name_bad_rectified": 1},
        (date(2026, 9, 22), district, market, "window_device"): {"ratings": 1, "bad": 1},
        (date(2026, 9, 23), district, housing, "mobile"): {"ratings": 1},
        (date(2026, 9, 23), town, market, "online"): real_name_bad,
        (date(2026, 9, 24), district, market, "sms"): {"ratings": 1, "good": 1},
    }
    assert_agrees("ratings")

    # 回访: satisfied closes (still rectified); unsatisfied reopens (taken off, on the rating's day)
    rated.callback(fixed, at(2026, 10, 9), satisfied=True)
    rated.callback(reopened, at(2026, 10, 9), satisfied=False)
    update("ratings", now=LATER)

    assert rows(DailyRatingCount, "region")[(date(2026, 9, 23), town)] == {"ratings": 1, "bad": 1, "real_name_bad": 1}
    assert rows(MonthlyRatingCount) == {(date(2026, 9, 1),): {
        "ratings": 6, "good": 2, "bad": 3, "real_name_bad": 2, "real_name_bad_rectified": 1}}
    assert rows(MonthlyRatingCount, "region") == {
        (date(2026, 9, 1), district): {"ratings": 5, "good": 2, "bad": 2, "real_name_bad": 1,
                                       "real_name_bad_rectified": 1},
        (date(2026, 9, 1), town): {"ratings": 1, "bad": 1, "real_name_bad": 1},
    }
    assert rows(DailyRatingCount, "region").get((date(2026, 10, 9), town)) is None  # nothing on the callback day
    assert_agrees("ratings")
    assert_monthly_is_sum_of_daily("ratings")


def _import(case, level, now, status=None):
    """What a bulk loader writes: the rows as they stand, one "<kind>.imported" entry per object."""
    rating = Rating(case=case, rater=case.applicant, is_real_name=True, level=level, comment="历史评价",
                    channel="online", item_id=case.item_id, department_id=case.department_id, created_at=now)
    rating.save()
    audit.record(actor=None, action="rating.imported", target=rating, now=now,
                 after={"case": case.number, "level": level, "channel": "online", "real_name": True})
    if status is None:
        return rating
    rectification = Rectification.objects.create(rating=rating, department_id=case.department_id, is_real_name=True,
                                                 status=status, opened_on=local_date(now), due_date=local_date(now),
                                                 updated_at=now)
    audit.record(actor=None, action="rectification.imported", target=rectification, now=now,
                 after={"status": status})
    rectification.save(update_fields=["audit_sequence", "audit_hash"])
    return rating


@pytest.mark.django_db
def test_imported_ratings_count_their_status_and_carry_on_from_it(rated):
    _import(rated.copy(), 1, at(2026, 8, 3))
    _import(rated.copy(), 5, at(2026, 8, 3), status="closed")
    still_open = _import(rated.copy(), 4, at(2026, 8, 4), status="open").rectification
    was_verified = _import(rated.copy(), 4, at(2026, 8, 4), status="verified").rectification
    # changed by the services before the consumer ever ran
    rated.answer(still_open, at(2026, 8, 5))
    rated.callback(was_verified, at(2026, 8, 5), satisfied=False)

    update("ratings", now=LATER)

    assert rows(DailyRatingCount) == {
        (date(2026, 8, 3),): {"ratings": 2, "good": 1, "bad": 1, "real_name_bad": 1, "real_name_bad_rectified": 1},
        (date(2026, 8, 4),): {"ratings": 2, "bad": 2, "real_name_bad": 2},
    }
    assert_agrees("ratings")
    assert_monthly_is_sum_of_daily("ratings")


operations = st.lists(
    st.one_of(
        st.tuples(st.just("rate"), st.integers(1, 5), st.sampled_from(["online", "mobile", "window_device", "sms"]),
                  st.integers(0, 5), st.integers(1, 300)),
        # several steps of one rectification at once, so some do get verified, closed, reopened
        st.tuples(st.just("act"), st.integers(0, 9), st.lists(st.booleans(), min_size=1, max_size=5), st.just(""),
                  st.integers(1, 60)),
        st.tuples(st.just("update"), st.integers(1, 4), st.just(False), st.just(""), st.just(0)),
    ),
    min_size=4, max_size=16,
)


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_the_consumer_equals_the_recomputation(rated, ops):
    with transaction.atomic():
        clock = at(2026, 9, 22, 8)  # hours pass between operations: ratings spread over two months
        rectifications: list[Rectification] = []
        for kind, first, second, variant, hours in ops:
            clock += timedelta(hours=hours)
            if kind == "rate":  # variant: bit 0 anonymous, bit 1 housing, bit 2 town
                case = rated.copy(housing=bool(variant & 2), town=bool(variant & 4))
                rating = rated.rate(case, first, clock, channel=second, anonymous=bool(variant & 1))
                if rating.is_bad:
                    rectifications.append(rating.rectification)
            elif kind == "act" and rectifications:
                for yes in second:
                    clock += timedelta(hours=1)
                    _next_step(rated, Rectification.objects.get(pk=rectifications[first % len(rectifications)].pk),
                               clock, yes)
            elif kind == "update":
                update("ratings", batch_size=first, now=LATER)
        update("ratings", batch_size=3, now=LATER)
        assert_agrees("ratings")
        assert_monthly_is_sum_of_daily("ratings")
        transaction.set_rollback(True)


def _next_step(rated, rectification, now, yes: bool) -> None:
    """The one step the rectification's status allows: answer, verify (or return), call back."""
    if rectification.status == "open":
        rated.answer(rectification, now)
    elif rectification.status == "answered":
        rated.verify(rectification, now, accepted=yes)
    elif rectification.status == "verified":
        rated.callback(rectification, now, satisfied=yes)

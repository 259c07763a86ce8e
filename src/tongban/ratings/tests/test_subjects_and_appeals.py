"""Ratings beyond closed cases (12345 tickets, 咨询, the platform), 差评分类, and 申诉复核."""

from datetime import date

import pytest

from tongban.accounts.models import Department
from tongban.audit.models import AuditEntry
from tongban.core.errors import Conflict, DomainError, Forbidden, NotFound
from tongban.hotline import services as hotline
from tongban.hotline.models import TicketCategory
from tongban.ratings import services
from tongban.ratings.models import BadRatingCategory, Rating
from tongban.ratings.rates import rating_rates

from .conftest import at, completed_case


def bad(rw, case=None, **kwargs):
    case = case or completed_case(rw)
    values = {"level": 5, "comment": "窗口态度差", "categories": ["attitude"], **kwargs}
    return services.rate_case(actor=rw.citizen, case_number=case.number, now=at(2026, 9, 30), **values)


# --- 差评分类 ----------------------------------------------------------------------------------

def test_bad_categories_are_stored_with_the_rating(rating_world):
    rating = bad(rating_world, categories=["attitude", "efficiency"], comment="")
    assert sorted(rating.bad_categories.values_list("name", flat=True)) == ["办事效率", "服务态度"]
    entry = AuditEntry.objects.get(stream=f"ratings.rating:{rating.pk}")
    assert sorted(entry.after["categories"]) == ["attitude", "efficiency"]


@pytest.mark.parametrize(("level", "categories", "code"), [
    (2, ["attitude"], "rating.categories_only_bad"),
    (4, ["nonsense"], "rating.category_unknown"),
])
def test_categories_are_checked(rating_world, level, categories, code):
    case = completed_case(rating_world)
    with pytest.raises(DomainError) as refused:
        services.rate_case(actor=rating_world.citizen, case_number=case.number, level=level, categories=categories,
                           now=at(2026, 9, 30))
    assert (refused.value.code, refused.value.field) == (code, "categories")
    assert not Rating.objects.exists()


def test_a_retired_category_is_no_longer_offered(rating_world):
    BadRatingCategory.objects.filter(code="system").update(is_active=False)
    case = completed_case(rating_world)
    with pytest.raises(DomainError):
        services.rate_case(actor=rating_world.citizen, case_number=case.number, level=4, categories=["system"],
                           now=at(2026, 9, 30))


# --- 12345 tickets and the platform ---------------------------------------------------------------

def online_ticket(rw, kind="complaint", *, close=True):
    category = TicketCategory.objects.create(code="T01", name="测试分类") if not TicketCategory.objects.exists() \
        else TicketCategory.objects.filter(parent__isnull=False).first() or TicketCategory.objects.first()
    data = hotline.TicketInput(kind=kind, category_code=category.code, channel="online", caller_name="张三",
                               caller_phone="13805391234", content="路灯不亮", region_code=rw.catalog.region.code)
    ticket = hotline.register_ticket(data, actor=rw.citizen, now=at(2026, 9, 28))
    if close:
        hotline.transition_ticket(actor=rw.supervisor, number=ticket.number, now=at(2026, 9, 28),
                                  command=hotline.Command(action="answer_directly", reply="已转路灯所维修"))
    return ticket


def test_the_citizen_rates_their_closed_ticket_once(rating_world):
    rw = rating_world
    open_ticket = online_ticket(rw, close=False)
    with pytest.raises(Conflict) as not_closed:
        services.rate_ticket(actor=rw.citizen, ticket_number=open_ticket.number, level=1, now=at(2026, 9, 30))
    assert not_closed.value.code == "rating.ticket_not_closed"

    ticket = online_ticket(rw)
    with pytest.raises(NotFound):  # somebody else's ticket
        services.rate_ticket(actor=rw.clerk, ticket_number=ticket.number, level=1, now=at(2026, 9, 30))
    rating = services.rate_ticket(actor=rw.citizen, ticket_number=ticket.number, level=4, comment="答复太笼统",
                                  now=at(2026, 9, 30))
    office = Department.objects.get(code="371302-SPJ")  # answered by the centre: its office answers for it
    assert (rating.subject_kind, rating.case_id, rating.department, rating.is_real_name) == (
        "ticket", None, office, True)
    assert rating.rectification.department == office
    with pytest.raises(Conflict) as again:
        services.rate_ticket(actor=rw.citizen, ticket_number=ticket.number, level=1, now=at(2026, 9, 30))
    assert again.value.code == "rating.duplicate"


def test_a_consultation_is_its_own_subject(rating_world):
    ticket = online_ticket(rating_world, kind="consult")
    rating = services.rate_ticket(actor=rating_world.citizen, ticket_number=ticket.number, level=1,
                                  now=at(2026, 9, 30))
    assert rating.subject_kind == "consultation"


@pytest.mark.parametrize(("second", "allowed"), [(at(2026, 9, 30, 23), False), (at(2026, 10, 1, 0), True)])
def test_the_platform_is_rated_once_a_month(rating_world, second, allowed):
    first = services.rate_platform(actor=rating_world.citizen, level=2, now=at(2026, 9, 1, 0))
    assert (first.subject_kind, first.period, first.item_id) == ("platform", "2026-09", None)
    if allowed:
        assert services.rate_platform(actor=rating_world.citizen, level=1, now=second).period == "2026-10"
    else:
        with pytest.raises(Conflict):
            services.rate_platform(actor=rating_world.citizen, level=1, now=second)


def test_the_rates_count_every_subject(rating_world):
    services.rate_platform(actor=rating_world.citizen, level=1, now=at(2026, 9, 30))
    bad(rating_world)
    total = rating_rates("department", date(2026, 9, 1))[0]
    assert (total.ratings, total.good, total.bad) == (2, 1, 1)


# --- 申诉复核 ------------------------------------------------------------------------------------------

def test_upheld_appeal_takes_the_rating_out_of_the_rates_and_cancels_its_rectification(rating_world):
    rw = rating_world
    rating = bad(rw)
    appeal = services.appeal_rating(actor=rw.reviewer, rating_id=rating.pk, reason="申请人误评：办件已按时办结",
                                    now=at(2026, 10, 8))
    assert appeal.status == "pending"
    decided = services.decide_appeal(actor=rw.supervisor, appeal_id=appeal.pk, upheld=True,
                                     note="经调取录像核实，属误评", now=at(2026, 10, 9))
    assert (decided.status, decided.decided_by) == ("upheld", rw.supervisor)
    assert Rating.objects.get(pk=rating.pk).rectification.status == "cancelled"
    total = rating_rates("department", date(2026, 9, 1))[0]
    assert (total.ratings, total.bad) == (0, 0)
    actions = list(AuditEntry.objects.filter(stream=f"ratings.rating:{rating.pk}").values_list("action", flat=True))
    assert actions == ["rating.created", "rating.excluded"]
    with pytest.raises(Conflict):
        services.decide_appeal(actor=rw.supervisor, appeal_id=appeal.pk, upheld=False, note="改判",
                               now=at(2026, 10, 10))


def test_rejected_appeal_leaves_the_rating_counted(rating_world):
    rw = rating_world
    rating = bad(rw)
    appeal = services.appeal_rating(actor=rw.reviewer, rating_id=rating.pk, reason="恶意差评", now=at(2026, 10, 8))
    services.decide_appeal(actor=rw.supervisor, appeal_id=appeal.pk, upheld=False, note="评价属实",
                           now=at(2026, 10, 9))
    assert Rating.objects.get(pk=rating.pk).rectification.status == "open"
    assert rating_rates("department", date(2026, 9, 1))[0].bad == 1


def test_who_may_appeal_and_decide(rating_world):
    rw = rating_world
    rating = bad(rw)
    good = services.rate_case(actor=rw.citizen, case_number=completed_case(rw, day=(2026, 9, 22)).number, level=1,
                              now=at(2026, 9, 30))
    with pytest.raises(Conflict) as not_bad:
        services.appeal_rating(actor=rw.reviewer, rating_id=good.pk, reason="x", now=at(2026, 10, 8))
    assert not_bad.value.code == "appeal.not_bad"
    with pytest.raises(NotFound):  # another department does not even see it
        services.appeal_rating(actor=rw.housing_reviewer, rating_id=rating.pk, reason="x", now=at(2026, 10, 8))
    with pytest.raises(DomainError) as no_reason:
        services.appeal_rating(actor=rw.reviewer, rating_id=rating.pk, reason=" ", now=at(2026, 10, 8))
    assert no_reason.value.code == "appeal.reason_required"
    # the rated window clerk may appeal too (rating.staff)
    appeal = services.appeal_rating(actor=rw.clerk, rating_id=rating.pk, reason="误评", now=at(2026, 10, 8))
    with pytest.raises(Conflict):
        services.appeal_rating(actor=rw.reviewer, rating_id=rating.pk, reason="再申诉", now=at(2026, 10, 8))
    with pytest.raises((Forbidden, NotFound)):
        services.decide_appeal(actor=rw.reviewer, appeal_id=appeal.pk, upheld=True, note="自己说了算",
                               now=at(2026, 10, 9))
    with pytest.raises(DomainError) as no_note:
        services.decide_appeal(actor=rw.supervisor, appeal_id=appeal.pk, upheld=True, note="", now=at(2026, 10, 9))
    assert no_note.value.code == "appeal.note_required"


def test_a_closed_rectification_stays_closed_when_the_appeal_is_upheld(rating_world):
    rw = rating_world
    rating = bad(rw)
    rectification = rating.rectification
    services.answer_rectification(actor=rw.reviewer, rectification_id=rectification.pk, fix_description="已培训",
                                  answer_to_rater="已整改", now=at(2026, 10, 8))
    services.verify_rectification(actor=rw.supervisor, rectification_id=rectification.pk, now=at(2026, 10, 8))
    services.record_callback(actor=rw.supervisor, rectification_id=rectification.pk, satisfied=True, note="满意",
                             now=at(2026, 10, 9))
    appeal = services.appeal_rating(actor=rw.reviewer, rating_id=rating.pk, reason="误评", now=at(2026, 10, 9))
    services.decide_appeal(actor=rw.supervisor, appeal_id=appeal.pk, upheld=True, note="误评", now=at(2026, 10, 10))
    assert Rating.objects.get(pk=rating.pk).rectification.status == "closed"



@pytest.mark.parametrize("closed_first", [False, True])
def test_the_metrics_take_an_upheld_rating_off_and_agree_with_a_recount(rating_world, closed_first):
    from tongban.metrics.aggregation import update
    from tongban.metrics.models import DailyRatingCount
    from tongban.metrics.tests.counting import assert_agrees, rows

    rw = rating_world
    rating = bad(rw)
    services.rate_case(actor=rw.citizen, case_number=completed_case(rw, day=(2026, 9, 22)).number, level=1,
                       now=at(2026, 9, 30))
    services.rate_platform(actor=rw.citizen, level=1, now=at(2026, 9, 30))  # no 事项: not in these tables
    rectification = rating.rectification
    services.answer_rectification(actor=rw.reviewer, rectification_id=rectification.pk, fix_description="已培训",
                                  answer_to_rater="已整改", now=at(2026, 10, 8))
    services.verify_rectification(actor=rw.supervisor, rectification_id=rectification.pk, now=at(2026, 10, 8))
    if closed_first:
        services.record_callback(actor=rw.supervisor, rectification_id=rectification.pk, satisfied=True,
                                 note="满意", now=at(2026, 10, 9))
    update("ratings", now=at(2026, 10, 9, 12))
    before = rows(DailyRatingCount)[(date(2026, 9, 30),)]
    assert (before["ratings"], before["real_name_bad_rectified"]) == (2, 1)

    appeal = services.appeal_rating(actor=rw.reviewer, rating_id=rating.pk, reason="误评", now=at(2026, 10, 9))
    services.decide_appeal(actor=rw.supervisor, appeal_id=appeal.pk, upheld=True, note="误评", now=at(2026, 10, 10))
    update("ratings", now=at(2027, 1, 1))

    after = rows(DailyRatingCount)[(date(2026, 9, 30),)]
    assert (after["ratings"], after["good"], after.get("bad", 0), after.get("real_name_bad_rectified", 0)) == (
        1, 1, 0, 0)
    assert_agrees("ratings")

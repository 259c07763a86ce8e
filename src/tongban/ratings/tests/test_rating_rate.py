"""评价: only a closed case, only by the applicant side or its one-time token, once; 差评 opens 整改."""

from datetime import date

import pytest

from tongban.audit.models import AuditEntry
from tongban.core.errors import Conflict, DomainError, NotFound
from tongban.ratings import services
from tongban.ratings.models import ImmutableRatingError, Rating, RatingInvitation, Rectification

from .conftest import at, completed_case, submit_online


def test_a_good_rating_copies_the_rated_objects_and_opens_nothing(rating_world):
    rw = rating_world
    case = completed_case(rw)
    rating = services.rate_case(actor=rw.citizen, case_number=case.number, level=1, comment="很快",
                                tags=["办事效率"], channel="online", now=at(2026, 9, 22))
    assert (rating.level, rating.is_real_name, rating.rater, rating.tags) == (1, True, rw.citizen, ["办事效率"])
    assert (rating.item_id, rating.department_id, rating.staff_id) == (case.item_id, case.department_id,
                                                                       case.intake_clerk_id)
    assert not Rectification.objects.exists()
    assert AuditEntry.objects.filter(stream=f"ratings.rating:{rating.pk}", action="rating.created").count() == 1


@pytest.mark.parametrize(("_case", "level", "opens"), [
    ("3 基本满意 is not 差评", 3, False), ("4 不满意 is 差评", 4, True), ("5 非常不满意 is 差评", 5, True)])
def test_only_levels_4_and_5_open_a_rectification(rating_world, _case, level, opens):
    case = completed_case(rating_world)
    services.rate_case(actor=rating_world.citizen, case_number=case.number, level=level, comment="等太久",
                       now=at(2026, 9, 22))
    assert Rectification.objects.exists() is opens


@pytest.mark.parametrize(("_case", "level", "due"), [
    ("level 5: 5 working days over 国庆 (10/10 is a 调休 Saturday)", 5, date(2026, 10, 13)),
    ("level 4: 10 working days", 4, date(2026, 10, 20)),
])
def test_due_date_counts_working_days_across_the_national_day_holiday(rating_world, _case, level, due):
    from tongban import workdays

    case = completed_case(rating_world)
    rating = services.rate_case(actor=rating_world.citizen, case_number=case.number, level=level, comment="差",
                                now=at(2026, 9, 30))
    rectification = rating.rectification
    assert rectification.opened_on == date(2026, 9, 30)
    assert rectification.due_date == due == workdays.add_working_days(date(2026, 9, 30), {4: 10, 5: 5}[level])
    assert workdays.working_days_between(date(2026, 9, 30), due) == {4: 10, 5: 5}[level]


def test_the_limit_per_level_is_a_district_rule(rating_world):
    from tongban.accounts.models import User
    from tongban.rules.services import set_override

    admin = User.objects.create_user(username="rules_admin", password="x", role="admin")
    set_override("rating.rectification_working_days", value={4: 15, 5: 3}, effective_from=date(2026, 1, 1),
                 reason="测试：区级设置", region=rating_world.catalog.region, actor=admin, now=at(2026, 1, 1))
    case = completed_case(rating_world)
    rating = services.rate_case(actor=rating_world.citizen, case_number=case.number, level=5, comment="差",
                                now=at(2026, 9, 30))
    assert rating.rectification.due_date == date(2026, 10, 10)  # 10/8, 10/9, then the 调休 Saturday


def test_an_open_case_cannot_be_rated(rating_world):
    case = submit_online(rating_world, at(2026, 9, 21))
    with pytest.raises(Conflict) as refused:
        services.rate_case(actor=rating_world.citizen, case_number=case.number, level=1, now=at(2026, 9, 22))
    assert refused.value.code == "rating.case_not_closed"
    assert not Rating.objects.exists()


def test_a_rater_rates_once_and_the_rating_never_changes(rating_world):
    case = completed_case(rating_world)
    rating = services.rate_case(actor=rating_world.citizen, case_number=case.number, level=2, now=at(2026, 9, 22))
    with pytest.raises(Conflict) as refused:
        services.rate_case(actor=rating_world.citizen, case_number=case.number, level=5, comment="改主意",
                           now=at(2026, 9, 23))
    assert refused.value.code == "rating.duplicate"
    rating.level = 5
    with pytest.raises(ImmutableRatingError):
        rating.save()
    with pytest.raises(ImmutableRatingError):
        rating.delete()
    assert list(Rating.objects.values_list("level", flat=True)) == [2]


def test_someone_else_cannot_rate_the_case(rating_world):
    case = completed_case(rating_world)
    with pytest.raises(NotFound):
        services.rate_case(actor=rating_world.clerk, case_number=case.number, level=1, now=at(2026, 9, 22))
    assert not Rating.objects.exists()


def test_a_bad_rating_needs_a_reason(rating_world):
    case = completed_case(rating_world)
    with pytest.raises(DomainError) as refused:
        services.rate_case(actor=rating_world.citizen, case_number=case.number, level=4, now=at(2026, 9, 22))
    assert (refused.value.code, refused.value.field) == ("rating.comment_required", "categories")
    assert not Rating.objects.exists() and not Rectification.objects.exists()


def test_the_token_rates_anonymously_once(rating_world):
    case = completed_case(rating_world)
    invitation = services.invitation_for(case, now=at(2026, 9, 22))
    assert services.invitation_for(case, now=at(2026, 9, 22)) == invitation  # created lazily, once
    rating = services.rate_by_token(token=invitation.token, level=5, comment="态度差", now=at(2026, 9, 22))
    assert (rating.rater, rating.is_real_name, rating.channel) == (None, False, "window_device")
    assert rating.rectification.is_real_name is False
    with pytest.raises(Conflict) as refused:
        services.rate_by_token(token=invitation.token, level=1, now=at(2026, 9, 22))
    assert refused.value.code == "rating.duplicate"
    with pytest.raises(NotFound):
        services.rate_by_token(token="nonsense", level=1, now=at(2026, 9, 22))
    # 一次一评: the token's rating is the case's one rating, the applicant cannot add a second
    with pytest.raises(Conflict) as again:
        services.rate_case(actor=rating_world.citizen, case_number=case.number, level=3, now=at(2026, 9, 22))
    assert again.value.code == "rating.duplicate"
    assert Rating.objects.count() == 1


def test_the_token_is_refused_once_the_signed_in_applicant_rated(rating_world):
    case = completed_case(rating_world)
    invitation = services.printed_invitation(case, now=at(2026, 9, 21))
    services.rate_case(actor=rating_world.citizen, case_number=case.number, level=1, now=at(2026, 9, 22))
    with pytest.raises(Conflict) as refused:
        services.rate_by_token(token=invitation.token, level=5, comment="再评一次", now=at(2026, 9, 22))
    assert refused.value.code == "rating.duplicate"
    assert "已评价" in refused.value.message
    assert Rating.objects.count() == 1


@pytest.mark.parametrize("rated_first", ["token", "signed_in"])
def test_the_database_holds_one_rating_per_case(rating_world, rated_first):
    """The constraint itself, without the service's check: a second row for the case is refused."""
    from django.db import IntegrityError, transaction

    case = completed_case(rating_world)
    fields = {"case": case, "level": 2, "channel": "online", "item_id": case.item_id,
              "department_id": case.department_id, "created_at": at(2026, 9, 22)}
    anonymous, named = {"is_real_name": False}, {"is_real_name": True, "rater": rating_world.citizen}
    order = [anonymous, named] if rated_first == "token" else [named, anonymous]
    Rating(**fields, **order[0]).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating(**fields, **order[1]).save()


def test_an_anonymous_applicant_rating_uses_up_the_token(rating_world):
    case = completed_case(rating_world)
    services.rate_case(actor=rating_world.citizen, case_number=case.number, level=2, anonymous=True,
                       now=at(2026, 9, 22))
    invitation = RatingInvitation.objects.get(case=case)
    assert invitation.used_at is not None
    with pytest.raises(Conflict):
        services.rate_by_token(token=invitation.token, level=1, now=at(2026, 9, 22))

"""Generated 好差评: shares in plausible ranges, the model's rules kept, every audit chain intact."""

from datetime import date, timedelta

from django.db.models import Count
from django.utils.timezone import localtime

from tongban.audit.models import AuditEntry
from tongban.audit.services import find_tampering
from tongban.bulk import next_ids
from tongban.cases.models import Case
from tongban.demo.generators.cases import generate_cases
from tongban.demo.generators.ratings import generate_ratings
from tongban.ratings.constants import BAD_LEVELS, GOOD_LEVELS, RATABLE_CASE_STATUSES, RectificationStatus
from tongban.ratings.models import Rating, RatingInvitation, Rectification
from tongban.ratings.services import rectification_due

TODAY = date(2026, 11, 20)


def generated(n: int, seed: int = 7, today: date = TODAY):
    first = next_ids(Case, 1).start
    written = generate_cases(n, seed=seed, today=today)
    return generate_ratings(range(first, first + written), seed=seed, today=today)


def test_a_third_of_closed_cases_are_rated_mostly_well_within_days(rating_world):
    counts = generated(3000)
    ratings = list(Rating.objects.select_related("case"))
    closed = Case.objects.filter(status__in=RATABLE_CASE_STATUSES).count()
    assert counts.ratings == len(ratings)
    assert 0.28 < len(ratings) / closed < 0.45
    assert sum(r.level in GOOD_LEVELS for r in ratings) / len(ratings) > 0.85
    bad = [r for r in ratings if r.level in BAD_LEVELS]
    assert 0 < len(bad) / len(ratings) < 0.12
    assert all(r.comment or r.tags for r in bad)  # a 差评 always says why
    for rating in ratings:
        assert rating.case.status in RATABLE_CASE_STATUSES
        assert rating.case.completed_at < rating.created_at <= rating.case.completed_at + timedelta(days=5)
        assert (rating.item_id, rating.department_id) == (rating.case.item_id, rating.case.department_id)


def test_real_name_ratings_come_from_the_applicants_account_anonymous_ones_use_the_token(rating_world):
    generated(1500)
    real = Rating.objects.filter(is_real_name=True).select_related("case", "rater")
    anonymous = Rating.objects.filter(is_real_name=False).select_related("case__rating_invitation")
    assert real.exists() and anonymous.exists()
    assert 0.2 < real.count() / Rating.objects.count() < 0.7
    for rating in real:
        assert rating.rater_id == rating.case.applicant_id and rating.channel in ("online", "mobile")
        assert rating.case.channel in ("online", "mobile") and rating.rater.role in ("citizen", "enterprise")
        assert not rating.rater.has_usable_password()
    for rating in anonymous:
        assert rating.rater_id is None and rating.case.rating_invitation.used_at == rating.created_at
    assert RatingInvitation.objects.count() == anonymous.count()


def test_every_bad_rating_has_a_rectification_in_a_realistic_state(rating_world):
    counts = generated(6000, seed=11)
    bad = Rating.objects.filter(level__in=BAD_LEVELS)
    assert counts.rectifications == Rectification.objects.count() == bad.count() > 0
    states = dict(Rectification.objects.values_list("status").annotate(n=Count("id")))
    assert states.get(RectificationStatus.CLOSED, 0) > Rectification.objects.count() / 2
    for r in Rectification.objects.select_related("rating"):
        assert r.is_real_name == r.rating.is_real_name and r.department_id == r.rating.department_id
        if r.unsatisfied_callbacks == 0:
            assert r.opened_on == localtime(r.rating.created_at).date()
            assert r.due_date == rectification_due(r.opened_on, r.rating.level)
        if r.answered_at:
            assert r.answered_on_time == (localtime(r.answered_at).date() <= r.due_date)
        assert (r.status == RectificationStatus.CLOSED) == (r.callback_satisfied is True and r.closed_at is not None)
        assert (r.status == RectificationStatus.ESCALATED) == (r.unsatisfied_callbacks == 2)
        assert r.status != RectificationStatus.OPEN or r.answered_at is None


def test_generated_ratings_and_rectifications_verify_with_one_imported_entry_each(rating_world):
    generated(1500)
    assert list(find_tampering()) == []
    entries = AuditEntry.objects.filter(action="rating.imported")
    assert entries.count() == Rating.objects.count()
    assert {e.after["level"] for e in entries} <= {1, 2, 3, 4, 5}
    by_stream = {e.stream: e.after for e in AuditEntry.objects.filter(action="rectification.imported")}
    rectifications = list(Rectification.objects.all())
    assert len(by_stream) == len(rectifications)
    for r in rectifications:
        assert by_stream[f"ratings.rectification:{r.pk}"] == {"status": r.status} and r.audit_sequence == 1

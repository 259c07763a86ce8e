"""好差评 rules: rate a closed case, open the 整改 of a 差评, answer, verify, call back.

Plain functions with keyword-only `actor` and `now`; each owns its transaction and row lock,
writes the audit entry in the same transaction, and raises DomainError on refusal.
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from tongban import workdays
from tongban.accounts.constants import DEPARTMENT_ROLES, Role
from tongban.accounts.models import User
from tongban.accounts.scopes import departments_for
from tongban.audit import services as audit
from tongban.cases.models import Case
from tongban.cases.scopes import is_applicant_side

from . import errors
from .constants import BAD_LEVELS, RATABLE_CASE_STATUSES, Level, RatingChannel, RectificationStatus
from .models import Rating, RatingInvitation, Rectification
from .scopes import rectifications_for

MAX_TAGS, MAX_TAG_LENGTH, MAX_COMMENT = 10, 20, 500
DEFAULT_RECTIFICATION_DAYS = {4: 10, 5: 5}


def local_today(now: datetime) -> date:
    return timezone.localtime(now).date()


def rectification_days(level: int) -> int:
    """Working days the department has to rectify a 差评 of this level (district setting).

    RATING_RECTIFICATION_DAYS is "4:10,5:5" from the environment, or a dict in tests.
    """
    value = getattr(settings, "RATING_RECTIFICATION_DAYS", DEFAULT_RECTIFICATION_DAYS)
    if isinstance(value, str):
        value = {int(key): int(days) for key, days in (part.split(":") for part in value.split(",") if part.strip())}
    return int(value.get(level, value.get(str(level), DEFAULT_RECTIFICATION_DAYS[level])))


def rectification_due(start: date, level: int) -> date:
    days = rectification_days(level)
    try:
        return workdays.add_working_days(start, days)
    except workdays.CalendarNotPublished:
        # The limit runs into an unpublished year: weekends only, as cases do (暂定期限).
        return workdays.provisional_deadline(start, days)[0]


@dataclass(frozen=True)
class RatingInput:
    level: int
    comment: str = ""
    tags: tuple[str, ...] = ()
    channel: str = RatingChannel.ONLINE


def _clean(given: RatingInput) -> RatingInput:
    try:
        level = int(given.level)
    except (TypeError, ValueError):
        raise errors.LEVEL_INVALID from None
    if level not in Level.values:
        raise errors.LEVEL_INVALID
    if given.channel not in RatingChannel.values:
        raise errors.CHANNEL_INVALID
    tags = tuple(dict.fromkeys(tag.strip() for tag in given.tags if tag and tag.strip()))
    if len(tags) > MAX_TAGS or any(len(tag) > MAX_TAG_LENGTH for tag in tags):
        raise errors.TAGS_INVALID
    comment = (given.comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise errors.COMMENT_TOO_LONG
    if level in BAD_LEVELS and not comment and not tags:
        raise errors.COMMENT_REQUIRED
    return RatingInput(level, comment, tags, given.channel)


def _store(case: Case, given: RatingInput, *, rater: User | None, now: datetime) -> Rating:
    """Write the rating (and the 整改 of a 差评) in one transaction; the caller locked the case."""
    if case.status not in RATABLE_CASE_STATUSES:
        raise errors.CASE_NOT_CLOSED
    duplicate = case.ratings.filter(rater=rater, is_real_name=True) if rater else case.ratings.filter(
        is_real_name=False)
    if duplicate.exists():
        raise errors.DUPLICATE
    rating = Rating(case=case, rater=rater, is_real_name=rater is not None, level=given.level,
                    comment=given.comment, tags=list(given.tags), channel=given.channel, item_id=case.item_id,
                    department_id=case.department_id, window_id=case.intake_window_id,
                    staff_id=case.intake_clerk_id, created_at=now)
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:  # a concurrent rating won the unique constraint
        raise errors.DUPLICATE from None
    audit.record(actor=rater, action="rating.created", target=rating, now=now,
                 after={"case": case.number, "level": rating.level, "channel": rating.channel,
                        "real_name": rating.is_real_name})
    if rating.is_bad:
        _open_rectification(rating, now=now)
    return rating


def _open_rectification(rating: Rating, *, now: datetime) -> Rectification:
    today = local_today(now)
    rectification = Rectification.objects.create(
        rating=rating, department_id=rating.department_id, is_real_name=rating.is_real_name,
        status=RectificationStatus.OPEN, opened_on=today, due_date=rectification_due(today, rating.level),
        updated_at=now,
    )
    audit.record(actor=None, action="rectification.opened", target=rectification, now=now,
                 after={"status": rectification.status, "due_date": rectification.due_date.isoformat(),
                        "level": rating.level})
    rectification.save(update_fields=["audit_sequence", "audit_hash"])
    return rectification


def rate_case(*, actor: User, case_number: str, level: int, comment: str = "", tags=(),
              channel: str = RatingChannel.ONLINE, anonymous: bool = False, now: datetime) -> Rating:
    """评价 — the applicant side rates a closed case, real-name or anonymously, once."""
    given = _clean(RatingInput(level, comment, tuple(tags), channel))
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(number=case_number).first()
        if case is None:
            raise errors.CASE_NOT_FOUND
        if not is_applicant_side(actor, case):
            raise errors.CASE_NOT_FOUND  # do not reveal other people's cases
        rating = _store(case, given, rater=None if anonymous else actor, now=now)
        if anonymous:  # the anonymous slot is the case's one-time token: use it up
            invitation = _invitation(case, now=now)
            RatingInvitation.objects.filter(pk=invitation.pk).update(used_at=now)
        return rating


def rate_by_token(*, token: str, level: int, comment: str = "", tags=(),
                  channel: str = RatingChannel.WINDOW_DEVICE, now: datetime) -> Rating:
    """扫码评价 — anyone holding the case's one-time token rates it anonymously (hall tablet, QR)."""
    given = _clean(RatingInput(level, comment, tuple(tags), channel))
    with transaction.atomic():
        invitation = RatingInvitation.objects.select_for_update().filter(token=token).first() if token else None
        if invitation is None:
            raise errors.TOKEN_INVALID
        if invitation.used_at is not None:
            raise errors.TOKEN_USED
        case = Case.objects.select_for_update().get(pk=invitation.case_id)
        rating = _store(case, given, rater=None, now=now)
        invitation.used_at = now
        invitation.save(update_fields=["used_at"])
        return rating


def _invitation(case: Case, *, now: datetime) -> RatingInvitation:
    invitation = RatingInvitation.objects.filter(case=case).first()
    if invitation is None:
        try:
            with transaction.atomic():
                invitation = RatingInvitation.objects.create(case=case, token=secrets.token_urlsafe(24),
                                                             created_at=now)
        except IntegrityError:  # created concurrently
            invitation = RatingInvitation.objects.get(case=case)
    return invitation


def invitation_for(case: Case, *, now: datetime) -> RatingInvitation:
    """The case's rating token, created on first request (for the result notice or the tablet)."""
    if case.status not in RATABLE_CASE_STATUSES:
        raise errors.CASE_NOT_CLOSED
    return _invitation(case, now=now)


def printed_invitation(case: Case, *, now: datetime) -> RatingInvitation:
    """The token printed on the decision notice: issued before the case closes, usable once it has
    (rate_by_token refuses an open case with rating.case_not_closed)."""
    return _invitation(case, now=now)


def invitation_by_token(token: str) -> RatingInvitation:
    invitation = RatingInvitation.objects.select_related("case", "case__item__published_version",
                                                        "case__department").filter(token=token).first()
    if invitation is None:
        raise errors.TOKEN_INVALID
    return invitation


# --- 整改 --------------------------------------------------------------------------------


def _locked(actor: User, rectification_id: int) -> Rectification:
    rectification = rectifications_for(actor).select_for_update().filter(pk=rectification_id).first()
    if rectification is None:
        raise errors.RECTIFICATION_NOT_FOUND
    return rectification


def _require_state(rectification: Rectification, state: str, action: str) -> None:
    if rectification.status != state:
        raise errors.wrong_state(action, rectification.get_status_display())


def _record(rectification: Rectification, *, actor, action: str, now: datetime, before: str, fields: list[str],
            after: dict | None = None) -> Rectification:
    rectification.updated_at = now
    audit.record(actor=actor, action=action, target=rectification, now=now, before={"status": before},
                 after={"status": rectification.status, **(after or {})})
    rectification.save(update_fields=[*fields, "status", "updated_at", "audit_sequence", "audit_hash"])
    return rectification


def answer_rectification(*, actor: User, rectification_id: int, fix_description: str, answer_to_rater: str,
                         now: datetime) -> Rectification:
    """整改答复 — the rated department writes what it fixed and answers the rater."""
    fix_description, answer_to_rater = (fix_description or "").strip(), (answer_to_rater or "").strip()
    with transaction.atomic():
        rectification = _locked(actor, rectification_id)
        if actor.role not in DEPARTMENT_ROLES or actor.department_id != rectification.department_id:
            raise errors.NOT_OWN_DEPARTMENT
        _require_state(rectification, RectificationStatus.OPEN, "答复")
        if not fix_description:
            raise errors.FIX_REQUIRED
        if not answer_to_rater:
            raise errors.ANSWER_REQUIRED
        before = rectification.status
        rectification.fix_description, rectification.answer_to_rater = fix_description, answer_to_rater
        rectification.answered_at, rectification.answered_by = now, actor
        rectification.answered_on_time = local_today(now) <= rectification.due_date
        rectification.status = RectificationStatus.ANSWERED
        return _record(rectification, actor=actor, action="rectification.answered", now=now, before=before,
                       fields=["fix_description", "answer_to_rater", "answered_at", "answered_by",
                               "answered_on_time"],
                       after={"on_time": rectification.answered_on_time})


def _is_hall_staff(actor: User, rectification: Rectification, roles: set[str]) -> bool:
    if actor.role == Role.ADMIN:
        return True
    return actor.role in roles and departments_for(actor).filter(pk=rectification.department_id).exists()


def verify_rectification(*, actor: User, rectification_id: int, accepted: bool = True, note: str = "",
                         now: datetime) -> Rectification:
    """核实 — the hall supervisor checks the answer; not accepted sends it back to the department."""
    with transaction.atomic():
        rectification = _locked(actor, rectification_id)
        if not _is_hall_staff(actor, rectification, {Role.SUPERVISOR}):
            raise errors.SUPERVISOR_ONLY
        _require_state(rectification, RectificationStatus.ANSWERED, "核实")
        before = rectification.status
        rectification.verify_note = (note or "").strip()
        if accepted:
            rectification.verified_at, rectification.verified_by = now, actor
            rectification.status = RectificationStatus.VERIFIED
            return _record(rectification, actor=actor, action="rectification.verified", now=now, before=before,
                           fields=["verify_note", "verified_at", "verified_by"])
        rectification.status = RectificationStatus.OPEN
        return _record(rectification, actor=actor, action="rectification.returned", now=now, before=before,
                       fields=["verify_note"], after={"note": rectification.verify_note})


def superior_of(supervisor: User) -> User | None:
    """The supervisor's superior: the supervisor of the parent region's hall, else the head of the
    region's 政务服务管理机构 (is_service_management_office), else nobody yet."""
    region = supervisor.region
    if region is None:
        return None
    superiors = User.objects.filter(is_active=True).order_by("id")
    if region.parent_id:
        found = superiors.filter(role=Role.SUPERVISOR, region_id=region.parent_id).first()
        if found:
            return found
    return superiors.filter(role=Role.DEPARTMENT_HEAD, department__region=region,
                            department__is_service_management_office=True).first()


def record_callback(*, actor: User, rectification_id: int, satisfied: bool, note: str,
                    now: datetime) -> Rectification:
    """回访 — satisfied closes; the first unsatisfied reopens, the second escalates (督办)."""
    note = (note or "").strip()
    with transaction.atomic():
        rectification = _locked(actor, rectification_id)
        if not _is_hall_staff(actor, rectification, {Role.SUPERVISOR, Role.INTAKE_CLERK}):
            raise errors.CALLBACK_ROLE
        _require_state(rectification, RectificationStatus.VERIFIED, "回访")
        if not note:
            raise errors.NOTE_REQUIRED
        before = rectification.status
        rectification.callback_at, rectification.callback_by = now, actor
        rectification.callback_satisfied, rectification.callback_note = satisfied, note
        fields = ["callback_at", "callback_by", "callback_satisfied", "callback_note"]
        if satisfied:
            rectification.status, rectification.closed_at = RectificationStatus.CLOSED, now
            return _record(rectification, actor=actor, action="rectification.closed", now=now, before=before,
                           fields=[*fields, "closed_at"], after={"satisfied": True})
        rectification.unsatisfied_callbacks += 1
        fields.append("unsatisfied_callbacks")
        if rectification.unsatisfied_callbacks == 1:  # 重新整改, with a fresh limit
            today = local_today(now)
            rectification.status = RectificationStatus.OPEN
            rectification.opened_on, rectification.due_date = today, rectification_due(today, rectification.rating.level)
            rectification.answered_at = rectification.answered_by = rectification.answered_on_time = None
            rectification.verified_at = rectification.verified_by = None
            return _record(rectification, actor=actor, action="rectification.reopened", now=now, before=before,
                           fields=[*fields, "opened_on", "due_date", "answered_at", "answered_by",
                                   "answered_on_time", "verified_at", "verified_by"],
                           after={"satisfied": False, "due_date": rectification.due_date.isoformat()})
        superior = superior_of(rectification.verified_by or actor)
        rectification.status = RectificationStatus.ESCALATED
        rectification.escalated_at, rectification.escalated_by, rectification.escalated_to = now, actor, superior
        return _record(rectification, actor=actor, action="rectification.escalated", now=now, before=before,
                       fields=[*fields, "escalated_at", "escalated_by", "escalated_to"],
                       after={"satisfied": False, "escalated_to": superior.pk if superior else None})

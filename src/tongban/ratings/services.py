"""好差评 rules: rate a closed case, open the 整改 of a 差评, answer, verify, call back.

Plain functions with keyword-only `actor` and `now`; each owns its transaction and row lock,
writes the audit entry in the same transaction, and raises DomainError on refusal.
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction

from tongban import workdays
from tongban.accounts.constants import DEPARTMENT_ROLES, Role
from tongban.accounts.models import Department, User
from tongban.accounts.scopes import departments_for
from tongban.audit import services as audit
from tongban.cases.models import Case
from tongban.cases.scopes import is_applicant_side
from tongban.core.clock import local_date
from tongban.hotline.constants import TicketKind
from tongban.hotline.models import Ticket
from tongban.rules import rule_value

from . import errors
from .constants import (
    BAD_LEVELS,
    RATABLE_CASE_STATUSES,
    RATABLE_TICKET_STATUSES,
    AppealStatus,
    Level,
    RatingChannel,
    RectificationStatus,
    SubjectKind,
)
from .models import BadRatingCategory, Rating, RatingAppeal, RatingInvitation, Rectification
from .scopes import appeals_for, rectifications_for
from . import events as rating_events

MAX_TAGS, MAX_TAG_LENGTH, MAX_COMMENT = 10, 20, 500


def rectification_days(level: int, *, on: date, department=None, item=None) -> int:
    """Working days the department has to rectify a 差评 of this level (district rule)."""
    return int(rule_value("rating.rectification_working_days", on=on, department=department, item=item)[level])


def rectification_due(start: date, level: int, *, department=None, item=None) -> date:
    days = rectification_days(level, on=start, department=department, item=item)
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
    categories: tuple[str, ...] = ()  # 差评分类 codes (BadRatingCategory)


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
    categories = tuple(dict.fromkeys(code.strip() for code in given.categories if code and code.strip()))
    if categories and level not in BAD_LEVELS:
        raise errors.CATEGORIES_ONLY_BAD
    if categories and BadRatingCategory.objects.filter(code__in=categories, is_active=True).count() != len(categories):
        raise errors.CATEGORY_UNKNOWN
    if level in BAD_LEVELS and not comment and not tags and not categories:
        raise errors.COMMENT_REQUIRED
    return RatingInput(level, comment, tags, given.channel, categories)


def _store(rating: Rating, given: RatingInput, *, now: datetime) -> Rating:
    """Write the rating, its 差评分类 and (for a 差评) its 整改 in one transaction; the caller locked the
    subject and checked it may be rated. The unique constraints catch a concurrent second rating."""
    rating.level, rating.comment, rating.tags = given.level, given.comment, list(given.tags)
    rating.channel, rating.created_at, rating.is_real_name = given.channel, now, rating.rater_id is not None
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:  # a concurrent rating won the unique constraint
        raise errors.DUPLICATE from None
    if given.categories:
        rating.bad_categories.set(BadRatingCategory.objects.filter(code__in=given.categories))
    audit.record(actor=rating.rater, action=rating_events.RATING_CREATED, target=rating, now=now,
                 after={"subject": rating.subject_kind, "case": rating.case.number if rating.case_id else None,
                        "ticket": rating.ticket.number if rating.ticket_id else None, "level": rating.level,
                        "channel": rating.channel, "real_name": rating.is_real_name,
                        "categories": list(given.categories)})
    if rating.is_bad:
        _open_rectification(rating, now=now)
    return rating


def _store_case_rating(case: Case, given: RatingInput, *, rater: User | None, now: datetime) -> Rating:
    if case.status not in RATABLE_CASE_STATUSES:
        raise errors.CASE_NOT_CLOSED
    if case.ratings.exists():  # 一次一评: the first rating of any channel is the case's rating
        raise errors.DUPLICATE
    rating = Rating(subject_kind=SubjectKind.CASE, case=case, rater=rater, item_id=case.item_id,
                    department_id=case.department_id, window_id=case.intake_window_id,
                    staff_id=case.intake_clerk_id)
    return _store(rating, given, now=now)


def _open_rectification(rating: Rating, *, now: datetime) -> Rectification:
    today = local_date(now)
    rectification = Rectification.objects.create(
        rating=rating, department_id=rating.department_id, is_real_name=rating.is_real_name,
        status=RectificationStatus.OPEN, opened_on=today,
        due_date=rectification_due(today, rating.level, department=rating.department, item=rating.item),
        updated_at=now,
    )
    audit.record(actor=None, action=rating_events.RECTIFICATION_OPENED, target=rectification, now=now,
                 after={"status": rectification.status, "due_date": rectification.due_date.isoformat(),
                        "level": rating.level})
    return rectification


def rate_case(*, actor: User, case_number: str, level: int, comment: str = "", tags=(), categories=(),
              channel: str = RatingChannel.ONLINE, anonymous: bool = False, now: datetime) -> Rating:
    """评价 — the applicant side rates a closed case, real-name or anonymously, once."""
    given = _clean(RatingInput(level, comment, tuple(tags), channel, tuple(categories)))
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(number=case_number).first()
        if case is None:
            raise errors.CASE_NOT_FOUND
        if not is_applicant_side(actor, case):
            raise errors.CASE_NOT_FOUND  # do not reveal other people's cases
        rating = _store_case_rating(case, given, rater=None if anonymous else actor, now=now)
        if anonymous:  # the anonymous slot is the case's one-time token: use it up
            invitation = _invitation(case, now=now)
            RatingInvitation.objects.filter(pk=invitation.pk).update(used_at=now)
        return rating


def rate_by_token(*, token: str, level: int, comment: str = "", tags=(), categories=(),
                  channel: str = RatingChannel.WINDOW_DEVICE, now: datetime) -> Rating:
    """扫码评价 — anyone holding the case's one-time token rates it anonymously (hall tablet, QR),
    unless the case was rated already by any channel (一次一评)."""
    given = _clean(RatingInput(level, comment, tuple(tags), channel, tuple(categories)))
    with transaction.atomic():
        invitation = RatingInvitation.objects.select_for_update().filter(token=token).first() if token else None
        if invitation is None:
            raise errors.TOKEN_INVALID
        if invitation.used_at is not None:
            raise errors.TOKEN_USED
        case = Case.objects.select_for_update().get(pk=invitation.case_id)
        rating = _store_case_rating(case, given, rater=None, now=now)
        invitation.used_at = now
        invitation.save(update_fields=["used_at"])
        return rating


def _centre_department(region) -> Department | None:
    """Who answers for the 12345 centre and the platform: the 政务服务管理机构 of the region (or the
    deployment's only one)."""
    offices = Department.objects.filter(is_service_management_office=True).order_by("id")
    return (offices.filter(region=region).first() if region is not None else None) or offices.first()


def rate_ticket(*, actor: User, ticket_number: str, level: int, comment: str = "", tags=(), categories=(),
                now: datetime) -> Rating:
    """评价 12345 — the citizen who left the message rates the answered ticket (a 咨询 counts as a
    consultation), once."""
    given = _clean(RatingInput(level, comment, tuple(tags), RatingChannel.ONLINE, tuple(categories)))
    with transaction.atomic():
        ticket = (Ticket.objects.select_for_update(of=("self",)).select_related("department")
                  .filter(number=ticket_number[:30], submitted_by=actor).first()) if actor.is_authenticated else None
        if ticket is None:
            raise errors.TICKET_NOT_FOUND  # do not reveal other people's tickets
        if ticket.status not in RATABLE_TICKET_STATUSES:
            raise errors.TICKET_NOT_CLOSED
        if ticket.ratings.exists():
            raise errors.DUPLICATE_TICKET
        department = ticket.department or _centre_department(ticket.region)
        if department is None:
            raise errors.NO_CENTRE
        kind = SubjectKind.CONSULTATION if ticket.kind == TicketKind.CONSULT else SubjectKind.TICKET
        return _store(Rating(subject_kind=kind, ticket=ticket, rater=actor, department=department), given, now=now)


def rate_platform(*, actor: User, level: int, comment: str = "", tags=(), categories=(),
                  channel: str = RatingChannel.ONLINE, now: datetime) -> Rating:
    """评价平台 — a signed-in user rates the 政务服务平台 itself, once a month."""
    given = _clean(RatingInput(level, comment, tuple(tags), channel, tuple(categories)))
    period = local_date(now).strftime("%Y-%m")
    with transaction.atomic():
        if Rating.objects.filter(subject_kind=SubjectKind.PLATFORM, rater=actor, period=period).exists():
            raise errors.DUPLICATE_PLATFORM
        department = _centre_department(actor.region)
        if department is None:
            raise errors.NO_CENTRE
        return _store(Rating(subject_kind=SubjectKind.PLATFORM, period=period, rater=actor, department=department),
                      given, now=now)


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
    rectification.save(update_fields=[*fields, "status", "updated_at"])
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
        rectification.answered_on_time = local_date(now) <= rectification.due_date
        rectification.status = RectificationStatus.ANSWERED
        return _record(rectification, actor=actor, action=rating_events.RECTIFICATION_ANSWERED, now=now, before=before,
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
            return _record(rectification, actor=actor, action=rating_events.RECTIFICATION_VERIFIED, now=now, before=before,
                           fields=["verify_note", "verified_at", "verified_by"])
        rectification.status = RectificationStatus.OPEN
        return _record(rectification, actor=actor, action=rating_events.RECTIFICATION_RETURNED, now=now, before=before,
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
            return _record(rectification, actor=actor, action=rating_events.RECTIFICATION_CLOSED, now=now, before=before,
                           fields=[*fields, "closed_at"], after={"satisfied": True})
        rectification.unsatisfied_callbacks += 1
        fields.append("unsatisfied_callbacks")
        if rectification.unsatisfied_callbacks == 1:  # 重新整改, with a fresh limit
            today = local_date(now)
            rectification.status = RectificationStatus.OPEN
            rating = rectification.rating
            rectification.opened_on = today
            rectification.due_date = rectification_due(today, rating.level, department=rating.department,
                                                       item=rating.item)
            rectification.answered_at = rectification.answered_by = rectification.answered_on_time = None
            rectification.verified_at = rectification.verified_by = None
            return _record(rectification, actor=actor, action=rating_events.RECTIFICATION_REOPENED, now=now, before=before,
                           fields=[*fields, "opened_on", "due_date", "answered_at", "answered_by",
                                   "answered_on_time", "verified_at", "verified_by"],
                           after={"satisfied": False, "due_date": rectification.due_date.isoformat()})
        superior = superior_of(rectification.verified_by or actor)
        rectification.status = RectificationStatus.ESCALATED
        rectification.escalated_at, rectification.escalated_by, rectification.escalated_to = now, actor, superior
        return _record(rectification, actor=actor, action=rating_events.RECTIFICATION_ESCALATED, now=now, before=before,
                       fields=[*fields, "escalated_at", "escalated_by", "escalated_to"],
                       after={"satisfied": False, "escalated_to": superior.pk if superior else None})


# --- 申诉复核 ------------------------------------------------------------------------------

MAX_APPEAL_TEXT = 2000


def may_decide_appeal(actor: User) -> bool:
    return actor.role in (Role.SUPERVISOR, Role.ADMIN)


def may_appeal(actor: User, rating: Rating) -> bool:
    """The rated staff member, or staff of the rated department (谁办理谁负责 answers for it)."""
    if rating.staff_id is not None and rating.staff_id == actor.pk:
        return True
    return actor.role in DEPARTMENT_ROLES and actor.department_id == rating.department_id


def appeal_rating(*, actor: User, rating_id: int, reason: str, now: datetime) -> RatingAppeal:
    """申诉 — staff ask the centre to set aside a 差评 they consider 误评 or 恶意差评; once per rating."""
    reason = (reason or "").strip()[:MAX_APPEAL_TEXT]
    with transaction.atomic():
        rating = Rating.objects.select_for_update().filter(pk=rating_id).first()
        if rating is None or not (may_appeal(actor, rating)
                                  or departments_for(actor).filter(pk=rating.department_id).exists()):
            raise errors.RATING_NOT_FOUND
        if not may_appeal(actor, rating):
            raise errors.APPEAL_NOT_RATED
        if not rating.is_bad:
            raise errors.APPEAL_NOT_BAD
        if RatingAppeal.objects.filter(rating=rating).exists():
            raise errors.APPEAL_DUPLICATE
        if not reason:
            raise errors.APPEAL_REASON_REQUIRED
        appeal = RatingAppeal.objects.create(rating=rating, department_id=rating.department_id, appellant=actor,
                                             reason=reason, created_at=now, updated_at=now)
        audit.record(actor=actor, action=rating_events.APPEAL_FILED, target=appeal, now=now,
                     after={"status": appeal.status, "rating": rating.pk, "level": rating.level})
        return appeal


def decide_appeal(*, actor: User, appeal_id: int, upheld: bool, note: str, now: datetime) -> RatingAppeal:
    """复核 — the centre decides. Upheld: the 差评 leaves every rate (audited on the rating's chain, which
    the metrics read) and its unfinished 整改 is cancelled; rejected: it stays as it is."""
    note = (note or "").strip()[:MAX_APPEAL_TEXT]
    with transaction.atomic():
        appeal = appeals_for(actor).select_for_update(of=("self",)).select_related("rating").filter(
            pk=appeal_id).first()
        if appeal is None:
            raise errors.APPEAL_NOT_FOUND
        if not may_decide_appeal(actor):
            raise errors.APPEAL_CENTRE_ONLY
        if appeal.status != AppealStatus.PENDING:
            raise errors.APPEAL_DECIDED
        if not note:
            raise errors.APPEAL_NOTE_REQUIRED
        appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
        appeal.decided_at, appeal.decided_by, appeal.decision_note, appeal.updated_at = now, actor, note, now
        audit.record(actor=actor, action=rating_events.APPEAL_DECIDED, target=appeal, now=now,
                     before={"status": AppealStatus.PENDING}, after={"status": appeal.status, "note": note})
        appeal.save()
        if upheld:
            rating = appeal.rating
            _cancel_rectification(rating, actor=actor, now=now)
            audit.record(actor=actor, action=rating_events.RATING_EXCLUDED, target=rating, now=now,
                         after={"appeal": appeal.pk, "level": rating.level, "note": note})
        return appeal


def _cancel_rectification(rating: Rating, *, actor: User, now: datetime) -> None:
    """A closed 整改 stays closed (it happened); any other ends as 申诉成立已撤销."""
    rectification = Rectification.objects.select_for_update().filter(rating=rating).first()
    if rectification is None or rectification.status == RectificationStatus.CLOSED:
        return
    before = rectification.status
    rectification.status = RectificationStatus.CANCELLED
    _record(rectification, actor=actor, action=rating_events.RECTIFICATION_CANCELLED, now=now, before=before, fields=[],
            after={"reason": "appeal_upheld"})

"""好差评 API: rate a case (signed in or by token), the 整改 queue and its steps, public rates."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from tongban.core.clock import local_date

from . import errors, services
from .constants import RatingChannel
from .models import BadRatingCategory, Rating, RatingAppeal, Rectification
from .queries import appeal_for, appeal_queue, rectification_for, rectification_queue
from .rates import parse_month, rating_rates

router = Router(tags=["好差评"])


class RatingIn(Schema):
    case_number: str = Field(max_length=50)
    level: int = Field(description="1 非常满意 … 5 非常不满意")
    comment: str = Field("", max_length=500)
    tags: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list, description="差评分类编码（仅不满意、非常不满意）")
    channel: str = RatingChannel.ONLINE
    anonymous: bool = False


class TokenRatingIn(Schema):
    level: int = Field(description="1 非常满意 … 5 非常不满意")
    comment: str = Field("", max_length=500)
    tags: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list, description="差评分类编码（仅不满意、非常不满意）")
    channel: str = RatingChannel.WINDOW_DEVICE


class TicketRatingIn(Schema):
    ticket_number: str = Field(max_length=30)
    level: int = Field(description="1 非常满意 … 5 非常不满意")
    comment: str = Field("", max_length=500)
    tags: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)


class PlatformRatingIn(Schema):
    level: int = Field(description="1 非常满意 … 5 非常不满意")
    comment: str = Field("", max_length=500)
    tags: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    channel: str = RatingChannel.ONLINE


class BadRatingCategoryOut(Schema):
    code: str
    name: str


class RatingOut(Schema):
    id: int
    subject_kind: str
    subject_label: str
    case_number: str | None
    ticket_number: str | None
    level: int
    level_label: str
    is_real_name: bool
    channel: str
    created_at: datetime
    rectification_id: int | None
    rectification_due_date: date | None


class RectificationOut(Schema):
    id: int
    case_number: str | None
    subject_label: str = Field(description="评价对象：办件编号、工单编号或“政务服务平台 月份”")
    department: str
    level: int
    level_label: str
    comment: str
    tags: list[str]
    is_real_name: bool
    status: str
    status_label: str
    opened_on: date
    due_date: date
    fix_description: str
    answer_to_rater: str
    answered_at: datetime | None
    answered_on_time: bool | None
    verified_at: datetime | None
    callback_at: datetime | None
    callback_satisfied: bool | None
    unsatisfied_callbacks: int
    escalated_at: datetime | None


class RatingAppealIn(Schema):
    reason: str = Field(max_length=2000)


class RatingAppealDecisionIn(Schema):
    upheld: bool
    note: str = Field(max_length=2000)


class RatingAppealOut(Schema):
    id: int
    rating_id: int
    subject_label: str
    level: int
    level_label: str
    comment: str
    categories: list[str]
    department: str
    appellant: str
    reason: str
    status: str
    status_label: str
    created_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    decision_note: str


class RectificationPageOut(Schema):
    items: list[RectificationOut]
    next_cursor: str | None


class AnswerIn(Schema):
    fix_description: str = Field(max_length=2000)
    answer_to_rater: str = Field(max_length=2000)


class RectificationVerifyIn(Schema):
    accepted: bool = True
    note: str = Field("", max_length=1000)


class CallbackIn(Schema):
    satisfied: bool
    note: str = Field(max_length=1000)


class RateRowOut(Schema):
    key: int | None
    name: str
    ratings: int
    good: int
    bad: int
    real_name_bad: int
    rectified: int
    answered: int
    answered_on_time: int
    callbacks: int
    satisfied: int
    good_rate: Decimal | None = Field(description="好评率 %，无评价为 null")
    bad_rate: Decimal | None
    rectified_rate: Decimal | None = Field(description="实名差评整改率 %（目标 100）")
    rectified_target_met: bool | None
    on_time_rate: Decimal | None
    satisfaction_rate: Decimal | None


class RatingRatesOut(Schema):
    group_by: str
    month: str
    total: RateRowOut
    rows: list[RateRowOut]


def rating_payload(rating: Rating) -> dict:
    rectification = getattr(rating, "rectification", None) if rating.is_bad else None
    return {
        "id": rating.pk, "subject_kind": rating.subject_kind, "subject_label": rating.subject_label,
        "case_number": rating.case.number if rating.case_id else None,
        "ticket_number": rating.ticket.number if rating.ticket_id else None, "level": rating.level,
        "level_label": rating.get_level_display(), "is_real_name": rating.is_real_name, "channel": rating.channel,
        "created_at": rating.created_at, "rectification_id": rectification.pk if rectification else None,
        "rectification_due_date": rectification.due_date if rectification else None,
    }


def appeal_payload(appeal: RatingAppeal) -> dict:
    rating = appeal.rating
    return {
        "id": appeal.pk, "rating_id": rating.pk, "subject_label": rating.subject_label, "level": rating.level,
        "level_label": rating.get_level_display(), "comment": rating.comment,
        "categories": [category.name for category in rating.bad_categories.all()],
        "department": appeal.department.name, "appellant": appeal.appellant.display_name, "reason": appeal.reason,
        "status": appeal.status, "status_label": appeal.get_status_display(), "created_at": appeal.created_at,
        "decided_at": appeal.decided_at, "decided_by": appeal.decided_by.display_name if appeal.decided_by_id else None,
        "decision_note": appeal.decision_note,
    }


def _appeal(request, appeal_id: int) -> dict:
    appeal = appeal_for(request.user, appeal_id)
    if appeal is None:
        raise errors.APPEAL_NOT_FOUND
    return appeal_payload(appeal)


def rectification_payload(rectification: Rectification) -> dict:
    rating = rectification.rating
    return {
        "id": rectification.pk, "case_number": rating.case.number if rating.case_id else None,
        "subject_label": rating.subject_label, "department": rectification.department.name,
        "level": rating.level, "level_label": rating.get_level_display(), "comment": rating.comment,
        "tags": rating.tags, "is_real_name": rectification.is_real_name, "status": rectification.status,
        "status_label": rectification.get_status_display(), "opened_on": rectification.opened_on,
        "due_date": rectification.due_date, "fix_description": rectification.fix_description,
        "answer_to_rater": rectification.answer_to_rater, "answered_at": rectification.answered_at,
        "answered_on_time": rectification.answered_on_time, "verified_at": rectification.verified_at,
        "callback_at": rectification.callback_at, "callback_satisfied": rectification.callback_satisfied,
        "unsatisfied_callbacks": rectification.unsatisfied_callbacks, "escalated_at": rectification.escalated_at,
    }


def _reloaded(request, rectification_id: int) -> dict:
    rectification = rectification_for(request.user, rectification_id)
    if rectification is None:
        raise errors.RECTIFICATION_NOT_FOUND
    return rectification_payload(rectification)


@router.post("/ratings", response={201: RatingOut}, summary="评价办件（申请人，实名或匿名，一事一评）")
def rate_case(request, payload: RatingIn):
    rating = services.rate_case(actor=request.user, case_number=payload.case_number, level=payload.level,
                                comment=payload.comment, tags=payload.tags, categories=payload.categories,
                                channel=payload.channel,
                                anonymous=payload.anonymous, now=timezone.now())
    return Status(201, rating_payload(rating))


@router.post("/rate/{token}", response={201: RatingOut}, auth=None, summary="扫码评价（免登录，评价码一次有效）")
def rate_by_token(request, token: str, payload: TokenRatingIn):
    rating = services.rate_by_token(token=token, level=payload.level, comment=payload.comment, tags=payload.tags,
                                    categories=payload.categories, channel=payload.channel, now=timezone.now())
    return Status(201, rating_payload(rating))


@router.post("/ratings/tickets", response={201: RatingOut}, summary="评价 12345 工单或咨询（提交人，一次一评）")
def rate_ticket(request, payload: TicketRatingIn):
    rating = services.rate_ticket(actor=request.user, ticket_number=payload.ticket_number, level=payload.level,
                                  comment=payload.comment, tags=payload.tags, categories=payload.categories,
                                  now=timezone.now())
    return Status(201, rating_payload(rating))


@router.post("/ratings/platform", response={201: RatingOut}, summary="评价政务服务平台（登录用户，每月一次）")
def rate_platform(request, payload: PlatformRatingIn):
    rating = services.rate_platform(actor=request.user, level=payload.level, comment=payload.comment,
                                    tags=payload.tags, categories=payload.categories, channel=payload.channel,
                                    now=timezone.now())
    return Status(201, rating_payload(rating))


@router.get("/ratings/bad-categories", response=list[BadRatingCategoryOut], auth=None, summary="差评分类（启用的）")
def list_bad_categories(request):
    return list(BadRatingCategory.objects.filter(is_active=True).values("code", "name"))


@router.post("/ratings/{rating_id}/appeal", response={201: RatingAppealOut},
             summary="差评申诉（被评价部门或工作人员，一条差评一次）")
def appeal_rating(request, rating_id: int, payload: RatingAppealIn):
    appeal = services.appeal_rating(actor=request.user, rating_id=rating_id, reason=payload.reason,
                                    now=timezone.now())
    return Status(201, _appeal(request, appeal.pk))


@router.get("/rating-appeals", response=list[RatingAppealOut], summary="差评申诉列表（本部门 / 本中心）")
def list_rating_appeals(request, status: str = "pending", limit: int = 100):
    return [appeal_payload(appeal) for appeal in appeal_queue(request.user, status=status,
                                                               limit=max(1, min(limit, 200)))]


@router.get("/rating-appeals/{appeal_id}", response=RatingAppealOut, summary="差评申诉")
def get_rating_appeal(request, appeal_id: int):
    return _appeal(request, appeal_id)


@router.post("/rating-appeals/{appeal_id}/decision", response=RatingAppealOut,
             summary="申诉复核（中心管理员：成立则该差评不计入指标）")
def decide_rating_appeal(request, appeal_id: int, payload: RatingAppealDecisionIn):
    services.decide_appeal(actor=request.user, appeal_id=appeal_id, upheld=payload.upheld, note=payload.note,
                           now=timezone.now())
    return _appeal(request, appeal_id)


@router.get("/rectifications", response=RectificationPageOut, summary="差评整改队列（游标分页，期限最近的在前）")
def list_rectifications(request, status: str = "active", after: str = "", limit: int = Query(50, ge=1, le=100)):
    page = rectification_queue(request.user, status=status, after=after, limit=limit)
    return {"items": [rectification_payload(item) for item in page.items], "next_cursor": page.next_cursor}


@router.get("/rectifications/{rectification_id}", response=RectificationOut, summary="差评整改单")
def get_rectification(request, rectification_id: int):
    return _reloaded(request, rectification_id)


@router.post("/rectifications/{rectification_id}/answer", response=RectificationOut, summary="整改答复（被评价部门）")
def answer_rectification(request, rectification_id: int, payload: AnswerIn):
    services.answer_rectification(actor=request.user, rectification_id=rectification_id,
                                  fix_description=payload.fix_description, answer_to_rater=payload.answer_to_rater,
                                  now=timezone.now())
    return _reloaded(request, rectification_id)


@router.post("/rectifications/{rectification_id}/verify", response=RectificationOut, summary="核实整改（中心管理员）")
def verify_rectification(request, rectification_id: int, payload: RectificationVerifyIn):
    services.verify_rectification(actor=request.user, rectification_id=rectification_id, accepted=payload.accepted,
                                  note=payload.note, now=timezone.now())
    return _reloaded(request, rectification_id)


@router.post("/rectifications/{rectification_id}/callback", response=RectificationOut,
             summary="回访（满意办结；首次不满意重新整改，再次不满意升级督办）")
def record_rectification_callback(request, rectification_id: int, payload: CallbackIn):
    services.record_callback(actor=request.user, rectification_id=rectification_id, satisfied=payload.satisfied,
                             note=payload.note, now=timezone.now())
    return _reloaded(request, rectification_id)


@router.get("/ratings/rates", response=RatingRatesOut, auth=None, summary="好差评指标（公开：好评率、差评整改率、回访满意率…）")
def get_rating_rates(request, group_by: str = "department", month: str = ""):
    first = parse_month(month, today=local_date(timezone.now()))
    rows = rating_rates(group_by, first)
    return {"group_by": group_by, "month": first.strftime("%Y-%m"), "total": rows[0].as_dict(),
            "rows": [row.as_dict() for row in rows[1:]]}

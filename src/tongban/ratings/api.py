"""好差评 API: rate a case (signed in or by token), the 整改 queue and its steps, public rates."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from . import errors, services
from .constants import RatingChannel
from .models import Rating, Rectification
from .queries import rectification_for, rectification_queue
from .rates import parse_month, rating_rates
from .services import local_today

router = Router(tags=["好差评"])


class RatingIn(Schema):
    case_number: str = Field(max_length=50)
    level: int = Field(description="1 非常满意 … 5 非常不满意")
    comment: str = Field("", max_length=500)
    tags: list[str] = Field(default_factory=list)
    channel: str = RatingChannel.ONLINE
    anonymous: bool = False


class TokenRatingIn(Schema):
    level: int = Field(description="1 非常满意 … 5 非常不满意")
    comment: str = Field("", max_length=500)
    tags: list[str] = Field(default_factory=list)
    channel: str = RatingChannel.WINDOW_DEVICE


class RatingOut(Schema):
    id: int
    case_number: str
    level: int
    level_label: str
    is_real_name: bool
    channel: str
    created_at: datetime
    rectification_id: int | None
    rectification_due_date: date | None


class RectificationOut(Schema):
    id: int
    case_number: str
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
        "id": rating.pk, "case_number": rating.case.number, "level": rating.level,
        "level_label": rating.get_level_display(), "is_real_name": rating.is_real_name, "channel": rating.channel,
        "created_at": rating.created_at, "rectification_id": rectification.pk if rectification else None,
        "rectification_due_date": rectification.due_date if rectification else None,
    }


def rectification_payload(rectification: Rectification) -> dict:
    rating = rectification.rating
    return {
        "id": rectification.pk, "case_number": rating.case.number, "department": rectification.department.name,
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
                                comment=payload.comment, tags=payload.tags, channel=payload.channel,
                                anonymous=payload.anonymous, now=timezone.now())
    return Status(201, rating_payload(rating))


@router.post("/rate/{token}", response={201: RatingOut}, auth=None, summary="扫码评价（免登录，评价码一次有效）")
def rate_by_token(request, token: str, payload: TokenRatingIn):
    rating = services.rate_by_token(token=token, level=payload.level, comment=payload.comment, tags=payload.tags,
                                    channel=payload.channel, now=timezone.now())
    return Status(201, rating_payload(rating))


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
    first = parse_month(month, today=local_today(timezone.now()))
    rows = rating_rates(group_by, first)
    return {"group_by": group_by, "month": first.strftime("%Y-%m"), "total": rows[0].as_dict(),
            "rows": [row.as_dict() for row in rows[1:]]}

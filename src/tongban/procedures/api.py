"""政府内部程序 API: published 规范性文件 and the decision catalogue (public), workflow steps (staff),
and the SOE guarantee check."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from tongban.core.clock import local_date

from . import presenters, services
from .queries import decision_page, document_page

router = Router(tags=["政府内部程序"])


class DocumentOut(Schema):
    id: int
    title: str
    issuer: str
    status: str
    status_label: str
    registration_number: str | None
    published_on: date | None
    effective_on: date | None
    expires_on: date | None
    row_version: int
    next_actions: list[dict]


class DocumentPageOut(Schema):
    items: list[DocumentOut]
    next_cursor: int | None


class DocumentTransitionIn(Schema):
    action: str = Field(max_length=40)
    expected_version: int | None = Field(None, ge=1, le=2**31 - 1)
    reason: str = Field("", max_length=2000)
    opinion: str = Field("", max_length=5000)
    meeting: str = Field("", max_length=200)
    comment_start: date | None = None
    comment_end: date | None = None
    published_on: date | None = None
    effective_on: date | None = None
    expires_on: date | None = None
    immediate_reason: str = Field("", max_length=300)
    evaluation: str = Field("", max_length=5000)


class DecisionOut(Schema):
    id: int
    title: str
    year: int
    undertaker: str
    status: str
    status_label: str
    risk_level: str
    outcome: str
    row_version: int
    next_actions: list[dict]


class DecisionPageOut(Schema):
    items: list[DecisionOut]
    next_cursor: int | None


class DecisionTransitionIn(Schema):
    action: str = Field(max_length=40)
    expected_version: int | None = Field(None, ge=1, le=2**31 - 1)
    reason: str = Field("", max_length=2000)
    opinion: str = Field("", max_length=5000)
    comment_start: date | None = None
    comment_end: date | None = None
    hearing_held_on: date | None = None
    participation_summary: str = Field("", max_length=5000)
    experts: list[str] = Field(default_factory=list, max_length=100)
    expert_opinion: str = Field("", max_length=5000)
    risk_level: str = Field("", max_length=8)
    risk_report: str = Field("", max_length=5000)
    materials: list[str] = Field(default_factory=list, max_length=20)
    outcome: str = Field("", max_length=20)
    majority_view: str = Field("", max_length=20)
    head_reasons: str = Field("", max_length=5000)
    risk_controls: str = Field("", max_length=5000)
    evaluation_triggers: list[str] = Field(default_factory=list, max_length=10)
    evaluation: dict[str, str] = Field(default_factory=dict)


class GuaranteeIn(Schema):
    stake_percent: Decimal = Field(ge=0, le=100, max_digits=7, decimal_places=4)
    debt_amount: Decimal = Field(ge=0, max_digits=18, decimal_places=2)
    requested_amount: Decimal = Field(ge=0, max_digits=18, decimal_places=2)
    net_assets_held: Decimal = Field(ge=0, max_digits=18, decimal_places=2)
    capital_contributed: Decimal = Field(ge=0, max_digits=18, decimal_places=2)
    existing_guaranteed: Decimal = Field(Decimal(0), ge=0, max_digits=18, decimal_places=2)
    counter_guarantee: bool = False
    pledged_assets: list[str] = Field(default_factory=list, max_length=10)


class GuaranteeOut(Schema):
    allowed: bool
    controlled: bool
    proportional_amount: Decimal
    cap: Decimal
    room: Decimal
    allowed_amount: Decimal
    requires_counter_guarantee: bool
    refusals: list[dict]


@router.get("/procedures/documents", response=DocumentPageOut, auth=None, summary="规范性文件（公布的；工作人员另见本单位、本区在办的）")
def list_normative_documents(request, after: int = Query(0, ge=0, le=2**31 - 1),
                             limit: int = Query(50, ge=1, le=200)):
    rows = document_page(request.user, after=after, limit=limit)
    return {"items": [presenters.document_payload(d, request.user) for d in rows[:limit]],
            "next_cursor": rows[limit - 1].pk if len(rows) > limit else None}


@router.get("/procedures/documents/{document_id}", response=DocumentOut, auth=None, summary="规范性文件详情")
def get_normative_document(request, document_id: int):
    return presenters.document_payload(presenters.document_for(request.user, document_id), request.user)


@router.post("/procedures/documents/{document_id}/transitions", response=DocumentOut,
             summary="规范性文件程序的下一步（缺少的环节、材料或期间以问题码说明）")
def transition_normative_document(request, document_id: int, payload: DocumentTransitionIn):
    command = services.Command(**payload.dict())
    document = services.transition_document(actor=request.user, document_id=document_id, command=command,
                                            now=timezone.now())
    return presenters.document_payload(document, request.user)


class ReviewRequestIn(Schema):
    content: str = Field(max_length=2000)


class ReviewRequestOut(Schema):
    id: int
    document_id: int
    received_on: date
    due_on: date


@router.post("/procedures/documents/{document_id}/review-requests", response={201: ReviewRequestOut},
             summary="对规范性文件提出审查申请（60日内处理，可延长30日）")
def request_normative_review(request, document_id: int, payload: ReviewRequestIn):
    created = services.request_review(actor=request.user, document_id=document_id, content=payload.content,
                                      now=timezone.now())
    return Status(201, {"id": created.pk, "document_id": created.document_id, "received_on": created.received_on,
                        "due_on": created.due_on})


@router.get("/procedures/decisions", response=DecisionPageOut, auth=None, summary="重大行政决策事项（公布的目录；工作人员另见在办的）")
def list_major_decisions(request, after: int = Query(0, ge=0, le=2**31 - 1), limit: int = Query(50, ge=1, le=200)):
    rows = decision_page(request.user, after=after, limit=limit)
    return {"items": [presenters.decision_payload(d, request.user) for d in rows[:limit]],
            "next_cursor": rows[limit - 1].pk if len(rows) > limit else None}


@router.post("/procedures/decisions/{decision_id}/transitions", response=DecisionOut,
             summary="重大行政决策程序的下一步")
def transition_major_decision(request, decision_id: int, payload: DecisionTransitionIn):
    command = services.DecisionCommand(**payload.dict())
    decision = services.transition_decision(actor=request.user, decision_id=decision_id, command=command,
                                            now=timezone.now())
    return presenters.decision_payload(decision, request.user)


@router.post("/procedures/guarantees/check", response=GuaranteeOut, summary="国有企业担保额测算（持股比例规则、反担保、禁止担保资产）")
def check_guarantee(request, payload: GuaranteeIn):
    result = services.check_guarantee(**payload.dict(exclude={"pledged_assets"}),
                                      pledged_assets=tuple(payload.pledged_assets), today=local_date(timezone.now()))
    return {"allowed": result.allowed, "controlled": result.controlled,
            "proportional_amount": result.proportional_amount, "cap": result.cap, "room": result.room,
            "allowed_amount": result.allowed_amount, "requires_counter_guarantee": result.requires_counter_guarantee,
            "refusals": [{"code": f"procedures.{code}", "message": message} for code, message in result.refusals]}

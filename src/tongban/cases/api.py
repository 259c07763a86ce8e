"""Cases API: submit (idempotent), read, transition (409 on conflicts), queues, uploads."""

from datetime import date
from uuid import UUID

from django.utils import timezone
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from tongban.accounts.throttling import client_address
from tongban.audit.idempotency import run_once
from tongban.core.errors import DomainError
from tongban.rules import rule_value

from . import errors, services
from .models import Case
from .presenters import case_payload, queue_row, tracking_payload, transition_payload
from .queries import QUEUES, my_cases, queue
from .schemas import (
    CaseIn, CaseOut, FileOut, MyCasesOut, QueuePageOut, TaskIn, TaskOut, TrackOut, CaseTransitionIn, TransitionOut,
)
from .scopes import cases_for
from .throttle import tracked_case
from .downloads import file_response
from .services.transitions import local_today

router = Router(tags=["办件"])

MAX_UPLOAD_READ = 20 * 1024 * 1024 + 1


def _case_for(request, number: str) -> Case:
    case = cases_for(request.user).select_related("item", "item_version", "department", "region", "workflow").filter(
        number=number).first()
    if case is None:
        raise errors.CASE_NOT_FOUND
    return case


def _applicant(request, payload: CaseIn) -> services.Applicant:
    if payload.applicant is not None and request.user.role not in ("citizen", "enterprise"):
        return services.Applicant(**payload.applicant.dict())
    if request.user.role not in ("citizen", "enterprise"):
        raise DomainError("case.applicant_required", "窗口受理或帮办代办须录入申请人信息。", field="applicant", status=422)
    return services.applicant_for_account(request.user, enterprise_uscc=payload.enterprise_uscc)


def _channel(request, payload: CaseIn) -> str:
    """Staff channels follow the role; applicants choose online or mobile."""
    role = request.user.role
    if role == "intake_clerk":
        return "window"
    if role == "helper":
        return "helper"
    return payload.channel if payload.channel in ("online", "mobile", "kiosk") else "online"


@router.post("/cases", response={201: CaseOut}, summary="申报办件（支持 Idempotency-Key）")
def submit_case(request, payload: CaseIn):
    now = timezone.now()

    def produce():
        case = services.submit_case(
            actor=request.user, item_code=payload.item_code, applicant=_applicant(request, payload),
            channel=_channel(request, payload), now=now, form_data=payload.form_data,
            materials=[services.MaterialInput(**m.dict()) for m in payload.materials],
            commitment=services.CommitmentInput(**payload.commitment.dict()) if payload.commitment else None,
            window=request.user.window if request.user.role == "intake_clerk" else None,
        )
        body = CaseOut.model_validate(case_payload(case, viewer=request.user, today=local_today(now)))
        return 201, body.model_dump(mode="json")

    status, body = run_once(key=request.headers.get("Idempotency-Key"), scope="cases.submit",
                            user=request.user, payload=payload.dict(), now=now, produce=produce)
    return Status(status, body)


@router.post("/cases/uploads", response={201: FileOut}, summary="上传申请材料（按内容识别类型）")
def upload_case_file(request, file: File[UploadedFile]):
    data = file.read(MAX_UPLOAD_READ)
    stored = services.store_upload(name=file.name or "upload", data=data, actor=request.user, now=timezone.now())
    return Status(201, stored)


@router.get("/cases/track", response=TrackOut, auth=None, summary="办件进度查询（免登录：办件编号 + 手机号或证件号后 4 位）")
def track_case(request, number: str, last4: str):
    return tracking_payload(tracked_case(number, last4[:4], address=client_address(request), now=timezone.now()))


@router.get("/me/cases", response=MyCasesOut, summary="我的办件")
def list_my_cases(request, after: int | None = None, limit: int = Query(20, ge=1, le=100)):
    cases = my_cases(request.user, after=after, limit=limit)
    today = local_today(timezone.now())
    return {"items": [queue_row(case, today) for case in cases[:limit]],
            "next_cursor": cases[limit - 1].id if len(cases) > limit else None}


@router.get("/cases/queue", response=QueuePageOut, summary="办件队列（待受理 / 办理中 / 待出件，游标分页）")
def list_case_queue(request, name: str = "in_progress", flag: str = "", after: str = "",
                    limit: int = Query(50, ge=1, le=200)):
    if name not in QUEUES:
        raise DomainError("case.unknown_queue", f"队列应为 {'、'.join(QUEUES)} 之一。", field="name", status=422)
    today = local_today(timezone.now())
    page = queue(request.user, name=name, today=today, yellow_days=rule_value("case.yellow_card_working_days", on=today),
                 after=after[:40], limit=limit, flag=flag)
    return {"items": [queue_row(case, today) for case in page.cases], "next_cursor": page.next_cursor}


@router.get("/cases/{number}", response=CaseOut, summary="办件详情")
def get_case(request, number: str):
    return case_payload(_case_for(request, number), viewer=request.user, today=local_today(timezone.now()))


@router.post("/cases/{number}/transitions", response=TransitionOut, summary="办件流转（受理、补正、审查、决定、出件…）")
def transition_case(request, number: str, payload: CaseTransitionIn):
    now = timezone.now()
    command = services.Command(
        action=payload.action, expected_version=payload.expected_version, reason=payload.reason,
        legal_basis=payload.legal_basis, materials=tuple(payload.materials), procedure=payload.procedure,
        delivery=payload.delivery,
        pickup=services.PickupInput(**payload.pickup.dict()) if payload.pickup else None,
    )
    case = services.transition_case(actor=request.user, case_number=number, command=command, now=now)
    return transition_payload(case, viewer=request.user, today=local_today(now))


@router.post("/cases/{number}/tasks/mine", response=TaskOut, summary="并联审批：本部门出具意见")
def complete_case_task(request, number: str, payload: TaskIn):
    task = services.complete_task(actor=request.user, case_number=number, approve=payload.approve,
                                  opinion=payload.opinion, now=timezone.now())
    return {"department_code": task.department.code, "department_name": task.department.name,
            "is_lead": task.is_lead, "status": task.status, "opinion": task.opinion}


class DeliverIn(Schema):
    files: dict[str, UUID] = Field(description="容缺材料名称 → 本人上传、未用于其他办件的文件 id")


class ResubmitIn(Schema):
    expected_version: int | None = Field(None, description="读取时的 row_version；不一致返回 409")
    files: dict[int, UUID] = Field({}, description="目录材料 id（materials[].material_id）→ 本人上传、未用于其他办件的文件 id")
    reason: str = Field("", max_length=2000)


@router.post("/cases/{number}/resubmission", response=TransitionOut,
             summary="补正后重新提交（附补正材料文件）")
def resubmit_case(request, number: str, payload: ResubmitIn):
    now = timezone.now()
    case = services.resubmit_case(actor=request.user, case_number=number, now=now,
                                  files={key: str(value) for key, value in payload.files.items()},
                                  expected_version=payload.expected_version, reason=payload.reason)
    return transition_payload(case, viewer=request.user, today=local_today(now))


@router.get("/cases/{number}/files/{file_id}", summary="下载办件材料文件（按办件范围授权，记入审计）",
            openapi_extra={"responses": {200: {"description": "文件内容（PDF、图片、OFD 或 ZIP）", "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}}})
def download_case_file(request, number: str, file_id: str, inline: bool = False):
    return file_response(request, _case_for(request, number), file_id, inline=inline)


class CommitmentVerifyIn(Schema):
    kept: bool
    note: str = Field("", max_length=2000)


class CommitmentOut(Schema):
    id: int
    kind: str
    status: str
    due_date: date
    materials: list[str]


@router.post("/cases/{number}/commitments/{commitment_id}/deliveries", response=CommitmentOut,
             summary="补交容缺材料")
def deliver_waived_materials(request, number: str, commitment_id: int, payload: DeliverIn):
    return services.deliver_waived_materials(actor=request.user, case_number=number, commitment_id=commitment_id,
                                             files=payload.files, now=timezone.now())


@router.post("/cases/{number}/commitments/{commitment_id}/verification", response=CommitmentOut,
             summary="告知承诺核查")
def verify_commitment(request, number: str, commitment_id: int, payload: CommitmentVerifyIn):
    return services.verify_commitment(actor=request.user, case_number=number, commitment_id=commitment_id,
                                      kept=payload.kept, note=payload.note, now=timezone.now())

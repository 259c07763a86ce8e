"""电子证照 API: verification (public), the wallet, one licence and its signed file, issuing,
status changes, re-issue, the issuers' public keys and signed status lists (public)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from tongban.accounts.models import Department
from tongban.core.clock import local_date

from . import errors, keys, services
from .models import Licence
from .queries import licence_file, licences_for, masked_holder, status_list, verify_online, wallet_for

router = Router(tags=["电子证照"])


class HolderOut(Schema):
    name: str
    code: str


class VerificationOut(Schema):
    found: bool
    valid: bool
    status: str = Field(description="valid / suspended / cancelled / revoked / withdrawn / expired / invalid / unknown")
    status_label: str = ""
    code: str
    message: str
    identifier: str = ""
    type: str = ""
    number: str = ""
    issuer: str = ""
    issuer_code: str = ""
    holder: HolderOut | None = None
    issued_on: str = ""
    valid_until: str = ""
    status_reason: str = ""
    replaced_by: str = ""


class LicenceOut(Schema):
    identifier: str
    type_code: str
    type_name: str
    number: str
    version: str
    holder: HolderOut
    issuer: str
    issuer_code: str
    valid_from: str
    valid_until: str | None
    status: str
    status_label: str
    status_reason: str
    fields: dict[str, str]
    key_id: str


class LicencePageOut(Schema):
    items: list[LicenceOut]
    next_before: int | None = Field(None, description="传入 before 取下一页")


class LicenceFileOut(Schema):
    format: str
    document: dict[str, Any]
    signature: dict[str, str]


class IssueIn(Schema):
    case_number: str = Field(max_length=50)


class StatusIn(Schema):
    action: str = Field(max_length=20, description="suspend / resume / cancel / revoke / withdraw")
    reason: str = Field(max_length=300)


class ReissueIn(Schema):
    reason: str = Field(max_length=300)
    fields: dict[str, str] = Field(default_factory=dict)


class PublicKeyOut(Schema):
    key_id: str
    algorithm: str
    public_key: str
    created_at: str
    retired_at: str | None


class PublicKeySetOut(Schema):
    issuer: str
    issuer_code: str
    keys: list[PublicKeyOut]


class StatusListOut(Schema):
    document: dict[str, Any]
    signature: dict[str, str]


def licence_payload(licence: Licence, actor) -> dict[str, Any]:
    today = local_date(timezone.now())
    own = actor.role in ("citizen", "enterprise", "helper")
    return {
        "identifier": licence.identifier, "type_code": licence.licence_type.code,
        "type_name": licence.licence_type.name, "number": licence.number, "version": licence.version,
        "holder": {"name": licence.holder_name, "code": licence.holder_code} if own else masked_holder(licence),
        "issuer": licence.issuer.name, "issuer_code": licence.issuer.uscc,
        "valid_from": licence.valid_from.isoformat(),
        "valid_until": licence.valid_until.isoformat() if licence.valid_until else None,
        "status": licence.effective_status(today), "status_label": licence.status_label(today),
        "status_reason": licence.status_reason, "fields": licence.fields or {}, "key_id": licence.signing_key.key_id,
    }


def _licence(request, identifier: str) -> Licence:
    licence = (licences_for(request.user).select_related("licence_type__catalog_type", "issuer", "signing_key")
               .filter(identifier=identifier[:120]).first())
    if licence is None:
        raise errors.LICENCE_NOT_FOUND
    return licence


@router.get("/licences/verify/{identifier}", response=VerificationOut, auth=None,
            summary="核验电子证照（公开：扫码 → 有效 / 暂停 / 注销 / 吊销 / 撤销 / 过期，持证主体脱敏）")
def verify_licence(request, identifier: str):
    return verify_online(identifier[:200], today=local_date(timezone.now()))


@router.get("/licences/mine", response=LicencePageOut, summary="我的证照（本人及所代表企业，游标分页）")
def list_my_licences(request, before: int | None = Query(None, ge=1), limit: int = Query(50, ge=1, le=200)):
    queryset = wallet_for(request.user).select_related("licence_type__catalog_type", "issuer", "signing_key")
    if before:
        queryset = queryset.filter(pk__lt=before)
    rows = list(queryset.order_by("-pk")[:limit + 1])
    return {"items": [licence_payload(licence, request.user) for licence in rows[:limit]],
            "next_before": rows[limit - 1].pk if len(rows) > limit else None}


@router.get("/licences/keys/{uscc}", response=PublicKeySetOut, auth=None,
            summary="颁发机构公钥（含已轮换的旧密钥，离线核验用）")
def get_licence_public_keys(request, uscc: str):
    department = Department.objects.filter(uscc=uscc[:18]).first()
    if department is None:
        raise errors.LICENCE_NOT_FOUND
    return keys.public_key_set(department)


@router.get("/licences/status-lists/{uscc}", response=StatusListOut, auth=None,
            summary="颁发机构签名状态列表（Bitstring Status List，每证 4 位，批量离线核验吊销）")
def get_licence_status_list(request, uscc: str):
    department = Department.objects.filter(uscc=uscc[:18]).first()
    if department is None:
        raise errors.LICENCE_NOT_FOUND
    return status_list(department, now=timezone.now())


@router.post("/licences/issue", response={201: LicenceOut}, summary="制证：为准予许可的办件签发电子证照（颁发部门，一件一证）")
def issue_licence(request, payload: IssueIn):
    licence = services.issue_manual(actor=request.user, case_number=payload.case_number, now=timezone.now())
    return Status(201, licence_payload(licence, request.user))


@router.get("/licences/{identifier}", response=LicenceOut, summary="电子证照（持证人及其经办人、范围内工作人员）")
def get_licence(request, identifier: str):
    return licence_payload(_licence(request, identifier), request.user)


@router.get("/licences/{identifier}/file", response=LicenceFileOut, summary="签名证照文件（离线核验：manage.py verify_licence）")
def get_licence_file(request, identifier: str):
    return licence_file(_licence(request, identifier))


@router.post("/licences/{identifier}/status", response=LicenceOut, summary="变更证照状态（颁发部门，须写明原因，记审计日志）")
def change_licence_status(request, identifier: str, payload: StatusIn):
    licence = _licence(request, identifier)
    licence = services.change_status(actor=request.user, identifier=licence.identifier, action=payload.action,
                                     reason=payload.reason, now=timezone.now())
    return licence_payload(licence, request.user)


@router.post("/licences/{identifier}/reissue", response={201: LicenceOut}, summary="换发（新版本 002…，原版本注销）")
def reissue_licence(request, identifier: str, payload: ReissueIn):
    licence = _licence(request, identifier)
    new = services.reissue(actor=request.user, identifier=licence.identifier, fields=payload.fields,
                           reason=payload.reason, now=timezone.now())
    return Status(201, licence_payload(new, request.user))

"""What an actor may see of 电子证照, online verification, files for download, status lists."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet

from tongban.accounts.constants import DEPARTMENT_ROLES, Role
from tongban.accounts.models import EnterpriseAgent
from tongban.core.masking import mask_id_number, mask_name

from . import keys, signing, statuslist
from .identifiers import InvalidIdentifier, parse_identifier
from .models import HolderKind, Licence
from .workflow import STATUS_CODES

FILE_FORMAT = "tongban-licence/1"


def holder_codes_of(actor) -> list[str]:
    """Whose licences the actor holds or acts for: the person's ID, the enterprises they are an agent of."""
    codes = [actor.id_number] if getattr(actor, "id_number", "") else []
    codes += list(EnterpriseAgent.objects.filter(user=actor).values_list("enterprise__uscc", flat=True))
    return codes


def wallet_for(actor) -> QuerySet[Licence]:
    """我的证照: the actor's own licences and those of enterprises they act for."""
    return Licence.objects.filter(Q(holder_user=actor) | Q(holder_code__in=holder_codes_of(actor)))


def staff_scope(actor) -> QuerySet[Licence]:
    licences = Licence.objects.all()
    if actor.role == Role.ADMIN:
        return licences
    if actor.role in DEPARTMENT_ROLES and actor.department_id:
        return licences.filter(issuer_id=actor.department_id)
    if actor.role in (Role.INTAKE_CLERK, Role.SUPERVISOR) and actor.region_id:
        return licences.filter(issuer__region__path__startswith=actor.region.path)
    return licences.none()


def licences_for(actor) -> QuerySet[Licence]:
    """Every licence whose fields the actor may see: holder side, or staff in scope."""
    if not actor.is_authenticated:
        return Licence.objects.none()
    if actor.role in (Role.CITIZEN, Role.ENTERPRISE, Role.HELPER):
        return wallet_for(actor)
    return staff_scope(actor)


def licence_file(licence: Licence) -> dict[str, Any]:
    """The downloadable licence file: the signed document and its signature (verifiable offline)."""
    return {"format": FILE_FORMAT, "document": licence.document,
            "signature": {"algorithm": signing.ALGORITHM, "key_id": licence.signing_key.key_id,
                          "value": licence.signature}}


def masked_holder(licence: Licence) -> dict[str, str]:
    if licence.holder_kind == HolderKind.ENTERPRISE:
        return {"name": licence.holder_name, "code": licence.holder_code[:4] + "*" * 10 + licence.holder_code[-4:]}
    return {"name": mask_name(licence.holder_name), "code": mask_id_number(licence.holder_code)}


def verify_online(text: str, *, today: date) -> dict[str, Any]:
    """Scan QR → the answer: valid / suspended / cancelled / revoked / withdrawn / expired, or why
    the identifier is wrong; issuer and masked holder. Signature checked too (tamper in the DB)."""
    try:
        identifier = parse_identifier(text)
    except InvalidIdentifier as error:
        return {"found": False, "valid": False, "status": "invalid", "code": error.code, "message": error.message}
    licence = (Licence.objects.select_related("licence_type__catalog_type", "issuer", "signing_key")
               .filter(identifier=str(identifier)).first())
    if licence is None:
        return {"found": False, "valid": False, "status": "unknown", "code": "licence.not_found",
                "message": "本系统未签发该证照标识的电子证照。"}
    signed = signing.verify_document(licence.document, licence.signature, public_hex=licence.signing_key.public_key)
    status = licence.effective_status(today) if signed else "invalid"
    label = licence.status_label(today) if signed else "签名无效"
    successor = getattr(licence, "replaced_by", None) if licence.status == "cancelled" else None
    return {
        "found": True, "valid": status == "valid", "status": status, "status_label": label,
        "code": "licence." + status, "message": f"该证照{label}。" if signed else "签名验证失败：证照数据已被篡改。",
        "identifier": licence.identifier, "type": licence.licence_type.name, "number": licence.number,
        "issuer": licence.issuer.name, "issuer_code": licence.issuer.uscc,
        "holder": masked_holder(licence), "issued_on": licence.valid_from.isoformat(),
        "valid_until": licence.valid_until.isoformat() if licence.valid_until else "",
        "status_reason": licence.status_reason if status not in ("valid", "expired") else "",
        "replaced_by": successor.identifier if successor else "",
    }


def status_list(department, *, now: datetime) -> dict[str, Any]:
    """The department's signed status list (a licence's bits are non-zero only when not 有效)."""
    key = keys.active_key(department)
    rows = Licence.objects.filter(issuer=department).exclude(status="valid").values_list("status_index", "status")
    entries = {index: STATUS_CODES[status] for index, status in rows}
    last = Licence.objects.filter(issuer=department).order_by("-status_index").values_list(
        "status_index", flat=True).first()
    document = statuslist.list_document(issuer_code=department.uscc, issuer=department.name,
                                        issued=now.isoformat(timespec="seconds"), entries=entries,
                                        length=(last or 0) + 1, key_id=key.key_id)
    return {"document": document, "signature": {"algorithm": signing.ALGORITHM, "key_id": key.key_id,
                                                "value": keys.sign_with(key, document)}}

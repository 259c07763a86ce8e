"""电子证照 services: issue (from a decided case, by hand), re-issue, status changes, 亮证 tokens.

Every function is `(…, *, actor, now)` in one transaction, audited. Issuing from the outbox is
exactly-once: the batch reads the outbox (advancing the cursor) and issues in ONE transaction,
so a worker killed mid-way leaves neither the cursor moved nor a licence written; a second
delivery of the same event finds the licence of its case (unique `source_case`) and does nothing.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from tongban.accounts.constants import Role
from tongban.audit import services as audit
from tongban.core.clock import add_months, local_date
from tongban.core.errors import DomainError
from tongban.events.services import consume, emit

from . import errors, events, keys
from .identifiers import FIRST_VERSION, make_identifier, next_version
from .models import HolderKind, Licence, LicenceType, ShowToken, StatusIndexCounter, ValidityUnit
from .workflow import ISSUER, LICENCE_WORKFLOW, STATUS_LABELS

log = logging.getLogger(__name__)

HOLDER_ID_TYPES = {HolderKind.PERSON: ("公民身份号码", "111"), HolderKind.ENTERPRISE: ("统一社会信用代码", "001")}


@dataclass(frozen=True)
class Holder:
    kind: str
    name: str
    code: str
    user: Any = None


def _holder_of_case(case) -> Holder:
    kind = HolderKind.ENTERPRISE if case.applicant_kind == "enterprise" else HolderKind.PERSON
    user = case.applicant if kind == HolderKind.PERSON else None
    return Holder(kind, case.applicant_name, case.applicant_id_number, user)


def _valid_until(licence_type: LicenceType, valid_from: date) -> date | None:
    if licence_type.validity_unit == ValidityUnit.NONE or not licence_type.validity_length:
        return None
    months = licence_type.validity_length * (12 if licence_type.validity_unit == ValidityUnit.YEARS else 1)
    return add_months(valid_from, months) - timedelta(days=1)  # natural days: the day before the anniversary


def _next_status_index(issuer) -> int:
    counter, _ = StatusIndexCounter.objects.select_for_update().get_or_create(department=issuer)
    index = counter.next_index
    counter.next_index = index + 1
    counter.save(update_fields=["next_index"])
    return index


def _serial(issuer, now: datetime) -> str:
    return f"{local_date(now):%Y%m%d}{secrets.token_hex(5).upper()}"


def _issuer_for(licence_type: LicenceType, preferred) -> Any:
    issuers = list(licence_type.issuer_departments.all())
    if not issuers or preferred in issuers:
        return preferred
    return issuers[0]


def _document(*, licence_type: LicenceType, identifier: str, number: str, issuer, holder: Holder,
              valid_from: date, valid_until: date | None, fields: dict[str, str], issued_at: datetime,
              key, status_index: int, case_number: str, item: str) -> dict[str, Any]:
    """The signed metadata (STANDARDS.md §2 element codes, KZ_ fields, where its status is listed)."""
    id_type, id_type_code = HOLDER_ID_TYPES[HolderKind(holder.kind)]
    document = {
        "ZZMC": licence_type.name, "ZZLXDM": licence_type.code, "ZZBH": number, "ZZBS": identifier,
        "ZZBFJG": issuer.name, "ZZBFJGDM": issuer.uscc, "ZZBFRQ": local_date(issued_at).isoformat(),
        "CZZT": holder.name, "CZZTDM": holder.code, "CZZTDMLX": id_type, "CZZTDMLXDM": id_type_code,
        "ZZYXQQSRQ": valid_from.isoformat(), "ZZYXQJZRQ": valid_until.isoformat() if valid_until else "长期",
        "ZZQZR": issuer.name, "ZZQZSJ": issued_at.isoformat(timespec="seconds"),
        "ZZQZMC": licence_type.seal_name or f"{issuer.name}电子印章",
        "ZZDYJGMC": licence_type.defining_authority, "GLSXMC": item, "GLBJBH": case_number,
        "status": {"list": f"{issuer.uscc}", "index": status_index, "size": 4},
        "key_id": key.key_id,
    }
    for code in licence_type.extension_codes():
        document[code] = str(fields.get(code, ""))
    return document


def _create(*, licence_type: LicenceType, issuer, holder: Holder, fields: dict[str, str], actor, now: datetime,
            source_case=None, serial: str | None = None, version: str = FIRST_VERSION, replaces=None,
            number: str | None = None) -> Licence:
    key = keys.ensure_key(issuer, actor=actor, now=now)
    serial = serial or _serial(issuer, now)
    identifier = str(make_identifier(licence_type.code, issuer.uscc, serial, version))
    valid_from = local_date(now)
    valid_until = _valid_until(licence_type, valid_from)
    number = number or serial
    status_index = _next_status_index(issuer)
    document = _document(licence_type=licence_type, identifier=identifier, number=number, issuer=issuer,
                         holder=holder, valid_from=valid_from, valid_until=valid_until, fields=fields,
                         issued_at=now, key=key, status_index=status_index,
                         case_number=source_case.number if source_case else "",
                         item=source_case.item_version.name if source_case else "")
    licence = Licence.objects.create(
        identifier=identifier, licence_type=licence_type, serial=serial, version=version, number=number,
        holder_kind=holder.kind, holder_name=holder.name, holder_code=holder.code, holder_user=holder.user,
        issuer=issuer, fields={c: document[c] for c in licence_type.extension_codes()}, document=document,
        valid_from=valid_from, valid_until=valid_until, issued_at=now, status="valid", status_index=status_index,
        signature=keys.sign_with(key, document), signing_key=key, source_case=source_case, replaces=replaces)
    audit.record(actor=actor, action=events.REISSUED if replaces else events.ISSUED, target=licence, now=now,
                 after={"identifier": identifier, "type": licence_type.code, "holder": holder.name,
                        "case": document["GLBJBH"], "key_id": key.key_id})
    emit(events.LICENCE_ISSUED, stream=audit.stream_of(licence), now=now,
         payload={"identifier": identifier, "type": licence_type.code, "holder_code": holder.code})
    return licence


def _fields_from_case(case, licence_type: LicenceType) -> dict[str, str]:
    form = case.form_data or {}
    labels = {str(f.get("code")): str(f.get("label", "")) for f in licence_type.field_schema or []}
    return {code: str(form.get(code) or form.get(labels.get(code, "")) or "") for code in licence_type.extension_codes()}


def issue_for_case(case, *, actor, now: datetime) -> Licence | None:
    """The licence of an approved case whose item results in a licence type; None if it results in
    none. Idempotent: the case's licence is returned if it exists (one case → one licence)."""
    existing = Licence.objects.filter(source_case=case).first()
    if existing is not None:
        return existing
    if case.decision != "approved":
        raise errors.NOT_APPROVED
    catalog_type_id = case.item_version.result_license_type_id
    licence_type = LicenceType.objects.select_related("catalog_type").filter(pk=catalog_type_id).first()
    if licence_type is None:
        return None
    issuer = _issuer_for(licence_type, case.department)
    try:
        with transaction.atomic():  # a concurrent worker may issue the same case: the unique key decides
            return _create(licence_type=licence_type, issuer=issuer, holder=_holder_of_case(case),
                           fields=_fields_from_case(case, licence_type), actor=actor, now=now, source_case=case)
    except IntegrityError:
        existing = Licence.objects.filter(source_case=case).first()
        if existing is None:
            raise
        return existing


def _case(case_number: str):
    from tongban.cases.models import Case  # the case app emits; licences read its rows by number

    return (Case.objects.select_related("item", "item_version", "department", "applicant")
            .filter(number=case_number).first())


def _handle(event, *, now: datetime) -> None:
    case = _case(event.payload.get("case_number", ""))
    if case is None:
        log.warning("licences: event %s names an unknown case", event.pk)
        return
    if event.topic == events.CASE_DECIDED:
        if event.payload.get("decision") == "approved" and event.payload.get("result_license_type"):
            issue_for_case(case, actor=None, now=now)
    elif event.topic == events.CASE_COMMITMENT_BROKEN:
        withdraw_for_case(case, reason=f"告知承诺不实，办件 {case.number} 的许可已撤销", now=now)


def process_events(*, now: datetime, limit: int = 500) -> int:
    """One batch of the outbox for the licence worker; returns how many events it handled.

    Cursor and licences commit together (one transaction): killed mid-way, nothing of the batch
    stays and the same events come again; a duplicate event finds its case's licence."""
    with transaction.atomic():
        batch = consume(events.CONSUMER, [events.CASE_DECIDED, events.CASE_COMMITMENT_BROKEN], now=now, limit=limit)
        for event in batch:
            try:
                with transaction.atomic():
                    _handle(event, now=now)
            except DomainError as error:  # a type without issuer key etc.: logged, not retried forever
                log.warning("licences: event %s not handled: %s", event.pk, error.code)
        return len(batch)


def _may_issue(actor, licence_type: LicenceType, issuer) -> None:
    if actor is None or actor.role == Role.ADMIN:
        return
    if actor.role not in ISSUER or actor.department_id != issuer.pk:
        raise errors.NOT_ISSUER
    issuers = set(licence_type.issuer_departments.values_list("pk", flat=True))
    if issuers and issuer.pk not in issuers:
        raise errors.NOT_ISSUER


@transaction.atomic
def issue_manual(*, actor, case_number: str, now: datetime) -> Licence:
    """制证 by the issuer for an approved case the worker has not served (or before it runs)."""
    case = _case(case_number)
    if case is None:
        raise errors.CASE_NOT_FOUND
    from tongban.cases.scopes import cases_for

    if actor is not None and not cases_for(actor).filter(pk=case.pk).exists():
        raise errors.CASE_NOT_FOUND
    licence_type = LicenceType.objects.filter(pk=case.item_version.result_license_type_id).first()
    if licence_type is None:
        raise errors.TYPE_NOT_FOUND
    _may_issue(actor, licence_type, _issuer_for(licence_type, case.department))
    if Licence.objects.filter(source_case=case).exists():
        raise errors.ALREADY_ISSUED
    licence = issue_for_case(case, actor=actor, now=now)
    assert licence is not None
    return licence


@transaction.atomic
def reissue(*, actor, identifier: str, fields: dict[str, str] | None, reason: str, now: datetime) -> Licence:
    """换发: a new version (002 …) with the same serial; the old one is 注销 with the reason."""
    if not (reason or "").strip():
        raise errors.REASON_REQUIRED
    old = Licence.objects.select_for_update().select_related("licence_type__catalog_type", "issuer").filter(
        identifier=identifier).first()
    if old is None:
        raise errors.LICENCE_NOT_FOUND
    _may_issue(actor, old.licence_type, old.issuer)
    if old.status not in ("valid", "suspended"):
        raise errors.NOT_CURRENT
    if Licence.objects.filter(replaces=old).exists():
        raise errors.NOT_CURRENT
    merged = {**(old.fields or {}), **{k: str(v) for k, v in (fields or {}).items()
                                       if k in old.licence_type.extension_codes()}}
    _set_status(old, "cancel", f"换发：{reason.strip()}", actor=actor, now=now)
    holder = Holder(old.holder_kind, old.holder_name, old.holder_code, old.holder_user)
    return _create(licence_type=old.licence_type, issuer=old.issuer, holder=holder, fields=merged, actor=actor,
                   now=now, serial=old.serial, version=next_version(old.version), replaces=old, number=old.number)


def _set_status(licence: Licence, action: str, reason: str, *, actor, now: datetime) -> Licence:
    transition = LICENCE_WORKFLOW.find(licence.status, action)
    if transition is None:
        label = next((t.label for t in LICENCE_WORKFLOW.transitions if t.action == action), action)
        raise errors.transition_not_allowed(STATUS_LABELS.get(licence.status, licence.status), label)
    role = "system" if actor is None else actor.role
    if role not in transition.roles:
        raise errors.NOT_ISSUER
    if not (reason or "").strip():
        raise errors.REASON_REQUIRED
    before = licence.status
    licence.status, licence.status_reason, licence.status_changed_at = transition.target, reason.strip()[:300], now
    licence.save(update_fields=["status", "status_reason", "status_changed_at"])
    audit.record(actor=actor, action=events.STATUS_CHANGED, target=licence, now=now,
                 before={"status": before}, after={"status": licence.status, "reason": licence.status_reason})
    emit(events.LICENCE_STATUS_CHANGED, stream=audit.stream_of(licence), now=now,
         payload={"identifier": licence.identifier, "status": licence.status})
    return licence


@transaction.atomic
def change_status(*, actor, identifier: str, action: str, reason: str, now: datetime) -> Licence:
    """暂停 / 恢复 / 注销 / 吊销 / 撤销 by the issuing department, with a reason, audited."""
    licence = Licence.objects.select_for_update().select_related("licence_type", "issuer").filter(
        identifier=identifier).first()
    if licence is None:
        raise errors.LICENCE_NOT_FOUND
    _may_issue(actor, licence.licence_type, licence.issuer)
    return _set_status(licence, action, reason, actor=actor, now=now)


def withdraw_for_case(case, *, reason: str, now: datetime) -> list[Licence]:
    """A revoked case result (告知承诺 broken) 撤销 every current version of its licence."""
    first = Licence.objects.select_for_update().filter(source_case=case).first()
    changed = []
    current = first
    while current is not None:
        if current.status in ("valid", "suspended"):
            changed.append(_set_status(current, "withdraw", reason, actor=None, now=now))
        current = Licence.objects.select_for_update().filter(replaces=current).first()
    return changed


@transaction.atomic
def create_show_token(*, actor, licence: Licence, now: datetime) -> ShowToken:
    """一码亮证: a code valid for LICENCE_SHOW_TOKEN_SECONDS; only a usable licence may be shown."""
    if licence.effective_status(local_date(now)) != "valid":
        raise errors.transition_not_allowed(licence.status_label(local_date(now)), "亮证")
    token = ShowToken.objects.create(
        token=secrets.token_urlsafe(24), licence=licence, created_by=actor, created_at=now,
        expires_at=now + timedelta(seconds=settings.LICENCE_SHOW_TOKEN_SECONDS))
    return token


@transaction.atomic
def open_show_token(*, actor, token: str, now: datetime) -> Licence:
    """The clerk scans the code: the licence, if the code is fresh; audited (who saw whose licence)."""
    shown = ShowToken.objects.select_related("licence").filter(token=(token or "")[:64]).first()
    if shown is None or shown.expires_at < now:
        raise errors.TOKEN_INVALID
    audit.record(actor=actor, action=events.SHOWN, target=shown.licence, now=now,
                 after={"identifier": shown.licence.identifier})
    return shown.licence

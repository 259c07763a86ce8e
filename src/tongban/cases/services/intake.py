"""申报与预审 — submissions online, at the general window and by helpers; the automatic pre-check."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction

from tongban.accounts.constants import Role
from tongban.accounts.models import Enterprise, EnterpriseAgent
from tongban.audit import services as audit
from tongban.catalog.constants import CaseKind
from tongban.catalog.models import Material, ServiceItem
from tongban.catalog.validation import FieldError
from tongban import workdays
from tongban.core.clock import add_months, local_date
from tongban.core.checkdigits import InvalidCheckDigitCode, validate_id_number, validate_uscc
from tongban.core.errors import DomainError, InvalidInput
from tongban.credit.services import commitment_eligibility
from tongban.rules import rule_value

from .. import errors
from ..constants import ONLINE_CHANNELS, ApplicantKind, CommitmentKind, Provision
from ..models import Case, CaseMaterial, Commitment, WorkflowDefinition
from ..numbering import new_case_number
from ..reuse import licence_types_held
from .storage import UPLOAD_UNKNOWN, attach_uploads, claimable_uploads
from .. import events as case_events


@dataclass(frozen=True)
class Applicant:
    """Who applies: a person (居民身份证号) or an enterprise (统一社会信用代码)."""

    kind: str
    name: str
    code: str
    phone: str


@dataclass(frozen=True)
class MaterialInput:
    """How the applicant provides one catalog material: a file, or another allowed way."""

    material_id: int
    provision: str
    file_id: str | None = None  # the upload's public id (CaseFile.public_id)


@dataclass(frozen=True)
class CommitmentInput:
    """The signed promise: 容缺 (deliver by `due_date`, in the applicant's `text`) and/or 告知承诺
    (replaces proofs: the item's published 承诺书 of guide version `template_version`, as read)."""

    signed_name: str
    text: str = ""
    due_date: date | None = None
    template_version: int | None = None


def _checked_applicant(applicant: Applicant) -> Applicant:
    try:
        code = (validate_id_number(applicant.code) if applicant.kind == ApplicantKind.PERSON
                else validate_uscc(applicant.code))
    except InvalidCheckDigitCode as error:
        raise DomainError(error.code, error.message, field="applicant.code", status=422) from error
    if not applicant.name.strip():
        raise DomainError("case.applicant_name_required", "申请人姓名或名称不能为空。", field="applicant.name", status=422)
    return Applicant(applicant.kind, applicant.name.strip(), code, applicant.phone.strip())


def applicant_for_account(actor, *, enterprise_uscc: str = "", phone: str = "") -> Applicant:
    """The applicant an online account speaks for: the citizen, or an enterprise they are agent of."""
    if actor.role == Role.ENTERPRISE or enterprise_uscc:
        mandate = EnterpriseAgent.objects.select_related("enterprise").filter(
            user=actor, enterprise__uscc=enterprise_uscc).first()
        if mandate is None:
            raise DomainError("case.not_an_agent", "您不是该企业的经办人，不能代表其申请。",
                              field="enterprise_uscc", status=403)
        enterprise = mandate.enterprise
        return Applicant(ApplicantKind.ENTERPRISE, enterprise.name, enterprise.uscc, phone or actor.phone)
    if not actor.id_number:
        raise DomainError("case.identity_required", "请先完成实名认证（居民身份证号）再申请。", status=422)
    return Applicant(ApplicantKind.PERSON, actor.real_name or actor.username, actor.id_number, phone or actor.phone)


def workflow_for(version) -> WorkflowDefinition:
    code = version.workflow_code or ("immediate" if version.case_kind == CaseKind.IMMEDIATE else "standard")
    return WorkflowDefinition.objects.get(code=code)


def _materials_plan(version, applicant: Applicant, given: list[MaterialInput], actor, strict: bool,
                    today: date) -> tuple[list[CaseMaterial], list[FieldError]]:
    """预审: decide how each catalog material is provided; collect every problem at once."""
    catalog_materials = list(Material.objects.filter(version=version).select_related("license_type"))
    given_by_id = {entry.material_id: entry for entry in given}
    unknown = set(given_by_id) - {material.id for material in catalog_materials}
    problems = [FieldError("materials", "case.unknown_material", f"材料 {sorted(unknown)} 不属于该事项。")] if unknown else []
    held = licence_types_held(applicant.code)
    item = version.item
    credit = commitment_eligibility(subject_kind=applicant.kind, subject_code=applicant.code, on=today,
                                    region=item.region, department=item.department, item=item)
    trusted = credit.allowed
    files = claimable_uploads(actor=actor, references=[e.file_id for e in given])
    planned = []
    for index, material in enumerate(catalog_materials):
        entry = given_by_id.get(material.id)
        provision = entry.provision if entry else Provision.MISSING
        where = f"materials[{index}]"
        # A file named by any entry must be the actor's own unattached upload, and is taken
        # only by a material provided as a file: no other provision may carry one to the case.
        if entry is not None and entry.file_id:
            if provision != Provision.SUBMITTED:
                problems.append(FieldError(where, "case.file_not_expected",
                                           f"材料“{material.name}”未选择上传文件，请求中不能附带文件。"))
                continue
            if str(entry.file_id) not in files:
                problems.append(FieldError(where, "case.upload_unknown", f"“{material.name}”：{UPLOAD_UNKNOWN}"))
                continue
        allowed = {
            Provision.SUBMITTED: entry is not None and bool(entry.file_id),
            Provision.LICENSE: material.license_type_id is not None and material.license_type.code in held,
            Provision.SHARED_DATA: bool(material.shared_data_source),
            Provision.COMMITMENT: material.commitment_allowed and trusted,
            Provision.WAIVED: material.is_waivable and trusted,
            Provision.MISSING: not (material.is_required and strict),
        }
        if not allowed.get(provision, False):
            if provision in (Provision.COMMITMENT, Provision.WAIVED) and not trusted:
                problems.append(FieldError(where, credit.code, credit.message))
            elif provision == Provision.MISSING:
                problems.append(FieldError(where, "case.material_missing", f"缺少必要材料：{material.name}。"))
            elif provision == Provision.SUBMITTED:
                problems.append(FieldError(where, "case.file_required", f"请上传“{material.name}”。"))
            else:
                problems.append(FieldError(where, "case.material_provision",
                                           f"材料“{material.name}”不能以“{Provision(provision).label}”方式提供。"))
            continue
        planned.append(CaseMaterial(material=material, name=material.name, provision=provision,
                                    file=files[str(entry.file_id)] if provision == Provision.SUBMITTED else None))
    chosen = [m.file.public_id for m in planned if m.file]
    if len(chosen) != len(set(chosen)):
        problems.append(FieldError("materials", "case.upload_reused", "同一文件不能用于多项材料，请分别上传。"))
    return planned, problems


def precheck_summary(planned: list[CaseMaterial]) -> dict[str, Any]:
    """预审 of the case's materials as they stand (again after 补正 or a 容缺 delivery): the
    受理 guard refuses while `missing_required` lists any, decisions wait while `waived` does."""
    missing = [m.name for m in planned if m.provision == Provision.MISSING and m.material.is_required]
    return {"missing_required": missing, "passed": not missing,
            "reused": [m.name for m in planned if m.provision in (Provision.LICENSE, Provision.SHARED_DATA)],
            "waived": [m.name for m in planned if m.provision == Provision.WAIVED]}


@transaction.atomic
def submit_case(
    *, actor, item_code: str, applicant: Applicant, channel: str, materials: list[MaterialInput],
    now: datetime, form_data: dict[str, Any] | None = None, commitment: CommitmentInput | None = None,
    window=None,
) -> Case:
    """申报 — create the case under the item's published version, pre-checked.

    Online submissions must be complete (the portal tells the applicant everything missing at
    once); at the window the clerk may record a case with gaps and then ask for 补正.
    """
    item = ServiceItem.objects.select_related("published_version", "department", "region").filter(
        implementation_code=item_code, is_retired=False, published_version__isnull=False).first()
    if item is None:
        raise errors.ITEM_NOT_AVAILABLE
    version = item.published_version
    if channel in ONLINE_CHANNELS and not version.can_apply_online:
        raise errors.ONLINE_NOT_OFFERED
    applicant = _checked_applicant(applicant)
    today = local_date(now)
    planned, problems = _materials_plan(version, applicant, materials, actor, strict=channel in ONLINE_CHANNELS,
                                        today=today)
    needs_commitment = [m.name for m in planned if m.provision in (Provision.COMMITMENT, Provision.WAIVED)]
    if needs_commitment and commitment is None:
        problems.append(FieldError("commitment", "case.commitment_required", "以告知承诺或容缺方式提供材料须签署承诺书。"))
    if any(m.provision == Provision.WAIVED for m in planned) and commitment:
        problems += _waiver_date_problems(commitment.due_date, item=item, today=today)
    if any(m.provision == Provision.COMMITMENT for m in planned) and commitment:
        problems += _pledge_problems(version, commitment.template_version)
    if problems:
        raise InvalidInput(problems, code="case.precheck_failed")
    workflow = workflow_for(version)
    case = Case(
        item=item, item_version=version, workflow=workflow, department=item.department, region=item.region,
        status=workflow.workflow.initial, channel=channel, applicant_kind=applicant.kind,
        applicant=actor if actor.role in (Role.CITIZEN, Role.ENTERPRISE) else None,
        applicant_name=applicant.name, applicant_id_number=applicant.code, applicant_phone=applicant.phone,
        enterprise=Enterprise.objects.filter(uscc=applicant.code).first()
        if applicant.kind == ApplicantKind.ENTERPRISE else None,
        helper=actor if actor.role == Role.HELPER else None,
        intake_clerk=actor if actor.role == Role.INTAKE_CLERK else None,
        intake_window=window, form_data={**(form_data or {}), "precheck": precheck_summary(planned)},
        submitted_at=now, updated_at=now,
    )
    for _attempt in range(5):  # a random number collides about once in 10^9 per day and region
        case.number = new_case_number(item.region.code, local_date(now))
        try:
            with transaction.atomic():
                case.save()
            break
        except IntegrityError:
            continue
    for material in planned:
        material.case = case
    CaseMaterial.objects.bulk_create(planned)
    attach_uploads([m.file for m in planned if m.file], case)
    _record_commitments(case, planned, commitment, now)
    audit.record(target=case, actor=actor, action=case_events.SUBMITTED, now=now,
                 after={"status": case.status, "channel": channel, "item_version": version.number,
                        "precheck": case.form_data["precheck"]})
    return case


def _waiver_date_problems(due: date | None, *, item: ServiceItem, today: date) -> list[FieldError]:
    """容缺 date: given, not before today, at most the rule's number of working days ahead."""
    if due is None:
        return [FieldError("commitment.due_date", "case.waiver_due_date", "容缺受理须写明补交材料的承诺日期。")]
    if due < today:
        return [FieldError("commitment.due_date", "case.waiver_due_date_past",
                           f"承诺补交日期不能早于今天（{today:%Y-%m-%d}）。")]
    limit = rule_value("case.waiver_max_working_days", on=today, item=item)
    latest, _provisional = workdays.provisional_add_working_days(today, limit)  # December: into next year
    if due > latest:
        return [FieldError("commitment.due_date", "case.waiver_due_date_too_late",
                           f"容缺材料须在 {limit} 个工作日内补交：承诺日期最晚为 {latest:%Y-%m-%d}。")]
    return []


def _pledge_problems(version, signed_version: int | None) -> list[FieldError]:
    """告知承诺: the applicant signs the 承诺书 the item publishes, in the version now in force."""
    field = "commitment.template_version"
    if not version.commitment_content.strip():
        return [FieldError(field, "case.commitment_template_missing",
                           "本事项尚未公布告知承诺书，暂不能以告知承诺方式提供材料，请提交证明材料。")]
    if signed_version is None:
        return [FieldError(field, "case.commitment_template_required",
                           f"以告知承诺方式提供材料，须阅读并签署本事项公布的告知承诺书（第 {version.number} 版）。")]
    if signed_version != version.number:
        return [FieldError(field, "case.commitment_template_stale",
                           f"告知承诺书已更新为第 {version.number} 版，请阅读最新的承诺书后重新签署。")]
    return []


def _record_commitments(case: Case, planned: list[CaseMaterial], commitment: CommitmentInput | None,
                        now: datetime) -> None:
    if commitment is None:
        return
    by_kind = {
        CommitmentKind.WAIVER: [m.name for m in planned if m.provision == Provision.WAIVED],
        CommitmentKind.NOTIFICATION: [m.name for m in planned if m.provision == Provision.COMMITMENT],
    }
    scope = {"region": case.region, "department": case.department, "item": case.item}
    today = local_date(now)  # before 08:00 Beijing time the UTC date is the day before
    for kind, names in by_kind.items():
        if not names:
            continue
        due = (commitment.due_date if kind == CommitmentKind.WAIVER
               else add_months(today, rule_value("case.commitment_verify_months", on=today, **scope)))
        notification = kind == CommitmentKind.NOTIFICATION
        version = case.item_version
        Commitment.objects.create(
            case=case, kind=kind, materials=names, signed_name=commitment.signed_name, signed_at=now, due_date=due,
            # 告知承诺: the text of the 承诺书 signed, kept as it was (a later version may change it)
            text=version.commitment_content if notification else commitment.text.strip() or (
                f"本人（单位）承诺于 {due:%Y-%m-%d} 前补交容缺材料：{'、'.join(names)}，逾期未补交的承担相应后果。"),
            liability=version.commitment_liability if notification else "",
            template_version=version if notification else None,
            consequence=rule_value("case.waiver_consequence", on=today, **scope) if kind == CommitmentKind.WAIVER else "",
        )

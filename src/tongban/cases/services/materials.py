"""Materials handed in after intake: files uploaded on 补正 (resubmit) and for 容缺 promises.

Each file reference is resolved by storage.claimable_uploads (the actor's own, not yet part of
any case); the case's 预审 summary is recomputed from its materials as they now stand, which
is what the 受理 and decision guards read.
"""

from datetime import datetime

from django.db import transaction

from tongban.accounts.constants import Role
from tongban.audit import services as audit
from tongban.catalog.validation import FieldError
from tongban.core.errors import DomainError, InvalidInput

from .. import errors
from ..constants import CommitmentKind, CommitmentStatus, Provision
from ..models import Case, CaseMaterial, Commitment
from ..scopes import can_act_on, cases_for, is_applicant_side
from .intake import precheck_summary
from .storage import attach_uploads, claim_upload, claimable_uploads
from .transitions import Command, transition_case
from .. import events as case_events


def may_hand_in(actor, case: Case) -> bool:
    """The applicant side online, or the window clerk (in scope) scanning what was brought."""
    return is_applicant_side(actor, case) or (actor.role == Role.INTAKE_CLERK and can_act_on(actor, case))


def locked_case(actor, case_number: str) -> Case:
    """The case, if the actor may see it, with its row locked for the rest of the transaction."""
    visible = cases_for(actor).filter(number=case_number[:50]).values_list("pk", flat=True).first()
    if visible is None:
        raise errors.CASE_NOT_FOUND
    return Case.objects.select_for_update().select_related("workflow").get(pk=visible)


def hand_in_files(case: Case, *, actor, files: dict[int, str], now: datetime, field_prefix: str = "files",
                  only: set[int] | None = None) -> list[CaseMaterial]:
    """Attach uploads to the case's materials (catalog material id → upload public id); the
    case row must be locked. Every reference is checked; `only` limits which materials may
    take a file. Returns the materials changed."""
    materials = {m.material_id: m for m in case.materials.select_related("material")}
    claimable = claimable_uploads(actor=actor, references=files.values())
    changed, problems = [], []
    for material_id, reference in files.items():
        material = materials.get(material_id)
        field = f"{field_prefix}.{material_id}"
        if material is None or (only is not None and material_id not in only):
            problems.append(DomainError("case.unknown_material", "该材料不属于本办件，或现在不需要补交。",
                                        field=field, status=422))
            continue
        try:
            material.file = claim_upload(claimable, reference, field=field)
        except DomainError as error:
            problems.append(error)
            continue
        material.provision = Provision.SUBMITTED
        changed.append(material)
    if problems:
        raise problems[0] if len(problems) == 1 else _all_of(problems)
    if len({m.file.pk for m in changed}) != len(changed):
        raise DomainError("case.upload_reused", "同一文件不能用于多项材料，请分别上传。", field=field_prefix,
                          status=422)
    CaseMaterial.objects.bulk_update(changed, ["provision", "file"])
    attach_uploads([m.file for m in changed], case)
    case.form_data = {**case.form_data, "precheck": precheck_summary(list(materials.values()))}
    Case.objects.filter(pk=case.pk).update(form_data=case.form_data)
    fulfilled = _fulfil_waivers(case, actor=actor, now=now)
    audit.record(target=case, actor=actor, action=case_events.MATERIALS_HANDED_IN, now=now,
                 after={"status": case.status, "materials": [m.name for m in changed],
                        "files": [m.file.original_name for m in changed],
                        "precheck": case.form_data["precheck"], "waiver_fulfilled": fulfilled})
    return changed


def _all_of(problems: list[DomainError]) -> DomainError:
    return InvalidInput([FieldError(p.field, p.code, p.message) for p in problems], code="case.files_refused")


def _fulfil_waivers(case: Case, *, actor, now: datetime) -> bool:
    """A 容缺 promise is kept once none of the case's materials is waived any more."""
    if case.form_data["precheck"]["waived"]:
        return False
    return bool(Commitment.objects.filter(case=case, kind=CommitmentKind.WAIVER, status=CommitmentStatus.PENDING)
                .update(status=CommitmentStatus.FULFILLED, resolved_at=now, resolved_by=actor))


@transaction.atomic
def resubmit_case(*, actor, case_number: str, files: dict[int, str], now: datetime,
                  expected_version: int | None = None, reason: str = "") -> Case:
    """补正后重新提交 — the files asked for are handed in and the case goes back, all or nothing."""
    case = locked_case(actor, case_number)
    if files:
        if not may_hand_in(actor, case):
            raise errors.CASE_NOT_FOUND
        if expected_version is not None and expected_version != case.row_version:
            raise errors.stale_version(case.row_version, case.workflow.workflow.label_of(case.status))
        if case.workflow.workflow.find(case.status, "resubmit") is None:
            raise errors.unknown_action("resubmit", case.workflow.workflow.label_of(case.status))
        hand_in_files(case, actor=actor, files=files, now=now)
        expected_version = None  # the version was checked under the row lock above
    return transition_case(actor=actor, case_number=case.number, now=now,
                           command=Command("resubmit", expected_version=expected_version, reason=reason))

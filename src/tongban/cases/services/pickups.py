"""领取 — the exit-window clerk checks who collects a result before handing it over."""

import hmac
import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from tongban.core.checkdigits import InvalidCheckDigitCode, validate_id_number
from tongban.core.masking import mask_id_number, mask_name

from .. import errors
from ..constants import ApplicantKind, CollectorKind, IdDocumentType
from ..models import Case, CasePickup

# Passports and permits carry no check digit: letters and digits of a plausible length only.
_OTHER_DOCUMENT_RE = re.compile(r"[0-9A-Z]{5,20}", re.ASCII)


@dataclass(frozen=True)
class PickupInput:
    """What the clerk records at 领取: the collector, the certificate shown, the checks made."""

    collector_kind: str
    collector_name: str
    id_type: str
    id_number: str
    id_checked: bool
    authorisation: str = ""


def id_number_digest(id_type: str, number: str) -> str:
    """Keyed SM3 of a certificate number: the same certificate always gives the same digest,
    which cannot be turned back into the number without the system key."""
    return hmac.new(settings.SECRET_KEY.encode(), f"{id_type}:{number}".encode(), "sm3").hexdigest()


def _refused(code: str, message: str, field: str):
    return errors.guard_failed(code, message, field)


def _checked_number(pickup: PickupInput, today) -> str:
    number = "".join(pickup.id_number.split()).upper()
    if pickup.id_type == IdDocumentType.RESIDENT_ID:
        try:
            return validate_id_number(number, today=today)
        except InvalidCheckDigitCode as error:
            raise _refused("collector_id_invalid", f"领取人{error.message}。", "pickup.id_number") from error
    if not _OTHER_DOCUMENT_RE.fullmatch(number):
        raise _refused("collector_id_invalid", "证件号码应为 5–20 位字母或数字。", "pickup.id_number")
    return number


def checked_pickup(case: Case, pickup: PickupInput | None, *, actor, now: datetime, today) -> CasePickup:
    """The pickup record to write, or the reason the result may not be handed over yet."""
    if pickup is None:
        raise _refused("collector_required", "领取须登记领取人并核验其身份证件。", "pickup")
    if pickup.collector_kind not in CollectorKind.values:
        raise _refused("collector_kind", "请选择申请人本人领取或受托代领。", "pickup.collector_kind")
    name = pickup.collector_name.strip()
    if not name:
        raise _refused("collector_required", "请填写领取人姓名。", "pickup.collector_name")
    if pickup.id_type not in IdDocumentType.values:
        raise _refused("collector_id_type", "请选择领取人出示的证件类型。", "pickup.id_type")
    number = _checked_number(pickup, today)
    if not pickup.id_checked:
        raise _refused("collector_id_unchecked", "须核验领取人身份证件原件后方可发放。", "pickup.id_checked")
    authorisation = pickup.authorisation.strip()
    if pickup.collector_kind == CollectorKind.SELF:
        if case.applicant_kind == ApplicantKind.ENTERPRISE:
            raise _refused("collector_kind", "企业申请的结果须由受托人凭授权委托书领取。", "pickup.collector_kind")
        if pickup.id_type != IdDocumentType.RESIDENT_ID or number != case.applicant_id_number:
            raise _refused("collector_not_applicant", "领取人证件与申请人身份证号不符：本人领取须出示申请时登记的身份证。",
                           "pickup.id_number")
    elif not authorisation:
        raise _refused("authorisation_required", "代领须查验并登记申请人的授权委托书。", "pickup.authorisation")
    return CasePickup(case=case, collector_kind=pickup.collector_kind, collector_name=name[:100],
                      id_type=pickup.id_type, id_number_masked=mask_id_number(number),
                      id_number_digest=id_number_digest(pickup.id_type, number), id_checked=True,
                      authorisation=authorisation[:200], clerk=actor, picked_up_at=now)


def pickup_summary(record: CasePickup) -> dict[str, str]:
    """The pickup as the audit log and the case page show it (personal data masked)."""
    return {"collector_kind": record.collector_kind, "collector_name": mask_name(record.collector_name),
            "id_type": record.id_type, "id_number": record.id_number_masked,
            "authorisation": record.authorisation}

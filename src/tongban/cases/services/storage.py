"""Store uploaded materials by content hash under MEDIA_ROOT, and hand them to cases.

An upload is referred to by its public id only. Until a case claims it, it belongs to its
uploader alone; claiming checks owner and state in the service, whatever form or API the
reference came through, so no request can attach (or re-point) a file that is someone else's
or already part of a case.
"""

import hashlib
import uuid
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from django.conf import settings

from tongban.core.errors import DomainError

from ..models import Case, CaseFile
from ..uploads import UploadRejected, inspect_upload

UPLOAD_UNKNOWN = "文件不存在、已用于其他办件，或不是您上传的，请重新上传。"


def store_upload(*, name: str, data: bytes, actor, now: datetime) -> CaseFile:
    """上传材料 — sniff, refuse what is not allowed, then keep it (same content stored once)."""
    try:
        sniffed = inspect_upload(name, data)
    except UploadRejected as error:
        raise DomainError(error.code, error.message, field="file", status=422) from error
    digest = hashlib.sha256(data).hexdigest()
    relative = Path("cases") / digest[:2] / f"{digest}.{sniffed.extension}"
    target = Path(settings.MEDIA_ROOT) / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(target)
    return CaseFile.objects.create(
        sha256=digest, original_name=Path(name).name[:200], content_type=sniffed.content_type,
        size=len(data), path=str(relative), uploaded_by=actor if getattr(actor, "pk", None) else None,
        uploaded_at=now,
    )


def parse_public_id(reference) -> uuid.UUID | None:
    try:
        return reference if isinstance(reference, uuid.UUID) else uuid.UUID(str(reference))
    except (ValueError, TypeError, AttributeError):
        return None


def claimable_uploads(*, actor, references: Iterable) -> dict[str, CaseFile]:
    """The actor's own unattached uploads among `references` (public ids), locked until the
    transaction ends so two requests cannot claim one file; keyed by the reference as given."""
    parsed = {str(reference): parse_public_id(reference) for reference in references if reference}
    if not getattr(actor, "pk", None) or not any(parsed.values()):
        return {}
    found = {f.public_id: f for f in CaseFile.objects.select_for_update().filter(
        public_id__in=[value for value in parsed.values() if value], case__isnull=True, uploaded_by=actor)}
    return {reference: found[value] for reference, value in parsed.items() if value in found}


def claim_upload(claimable: dict[str, CaseFile], reference, *, field: str) -> CaseFile:
    """One reference resolved against `claimable_uploads`, or a 422 naming the field."""
    upload = claimable.get(str(reference)) if reference else None
    if upload is None:
        raise DomainError("case.upload_unknown", UPLOAD_UNKNOWN, field=field, status=422)
    return upload


def attach_uploads(files: Iterable[CaseFile], case: Case) -> None:
    """Files claimed (and locked) by this transaction become the case's."""
    CaseFile.objects.filter(id__in=[f.id for f in files], case__isnull=True).update(case=case)

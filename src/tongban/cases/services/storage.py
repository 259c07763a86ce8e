"""Store uploaded materials by content hash under MEDIA_ROOT."""

import hashlib
from datetime import datetime
from pathlib import Path

from django.conf import settings

from tongban.core.errors import DomainError

from ..models import CaseFile
from ..uploads import UploadRejected, inspect_upload


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

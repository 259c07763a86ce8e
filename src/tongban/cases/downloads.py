"""Serve one uploaded file of a case: audited as a read (who, which file, when), PDF and images
inline only, always nosniff, under the original file name (RFC 5987) ending in the extension of
the type the content was sniffed as. The caller has checked the case's scope."""

import re
import uuid
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone

from tongban.audit import services as audit

from .models import Case, CaseFile
from . import events as case_events

INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
SERVED_TYPES = INLINE_TYPES | {"application/zip", "application/ofd"}
UNSAFE_NAME_CHARACTERS = re.compile(r'[\x00-\x1f\x7f"\\/]')


def download_name(stored: CaseFile) -> str:
    """The uploader's file name, made safe for a header, ending in the sniffed type's extension
    (a PNG uploaded as 证明.html downloads as 证明.html.png)."""
    name = UNSAFE_NAME_CHARACTERS.sub("_", stored.original_name).strip() or "材料"
    extension = Path(stored.path).suffix
    return name if name.lower().endswith(extension) else f"{name}{extension}"


def file_response(request: HttpRequest, case: Case, file_id: str, *, inline: bool) -> FileResponse:
    """One file of `case` (already scope-checked), audited as a read; 404 if it is not the case's."""
    try:
        public_id = uuid.UUID(str(file_id))
    except ValueError as error:
        raise Http404("未找到该文件。") from error
    stored = CaseFile.objects.filter(case=case, public_id=public_id).first()
    path = Path(settings.MEDIA_ROOT) / stored.path if stored else None
    if stored is None or not path.is_file():
        raise Http404("未找到该文件。")
    content_type = stored.content_type if stored.content_type in SERVED_TYPES else "application/octet-stream"
    inline = inline and content_type in INLINE_TYPES
    audit.record(actor=request.user, action=case_events.FILE_VIEWED if inline else case_events.FILE_DOWNLOADED,
                 target=stored, now=timezone.now(),
                 after={"case": case.number, "file": stored.original_name, "sha256": stored.sha256})
    response = FileResponse(path.open("rb"), as_attachment=not inline, filename=download_name(stored),
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # a PDF viewer is a browser page: no script, no form, no navigation out of it
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response

"""文书 pages: the printable PDF of a notice, and the public verification page its QR code opens.

- `notice_pdf` serves a notice only to users who may see its case (`scopes.cases_for`); anyone
  else is told it does not exist (404), as for the case itself.
- `verify_notice` is public (no login): it says whether a verification code belongs to a notice
  this system issued, with just enough to compare against the paper — kind, number, date, item,
  department, the case's current status — and the applicant's name masked.
"""

import re
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from tongban.core.masking import mask_name
from tongban.ratings.services import printed_invitation

from ..constants import NoticeKind
from ..models import Notice
from .documents import issuing_agency, notice_title, render_notice_pdf
from ..scopes import cases_for

# Verification codes are 16 characters of numbering.ALPHABET; tolerate case and stray spaces
# from typing, refuse anything longer outright.
CODE_MAX_LENGTH = 32


def verify_url_of(request: HttpRequest, notice: Notice) -> str:
    return request.build_absolute_uri(reverse("verify:notice", args=[notice.verification_code]))


def rating_url_of(request: HttpRequest, notice: Notice) -> str:
    """好差评 link and QR on the decision notice (DOMAIN.md §5: every service is rated)."""
    if notice.kind not in (NoticeKind.APPROVAL, NoticeKind.DENIAL):
        return ""
    invitation = printed_invitation(notice.case, now=timezone.now())
    return request.build_absolute_uri(reverse("ratings:rate_token", args=[invitation.token]))


def pdf_filename_header(notice: Notice) -> str:
    """inline, a readable UTF-8 name (RFC 6266 filename*) and an ASCII fallback."""
    readable = f"{notice_title(notice)}{notice.number}.pdf"
    ascii_part = re.sub(r"[^0-9A-Za-z-]+", "-", notice.number).strip("-")
    fallback = f"notice-{ascii_part}.pdf" if ascii_part else "notice.pdf"
    return f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(readable, safe='')}"


@require_GET
def notice_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """文书 PDF — for the applicant side and the staff in scope of the case; 404 for anyone else."""
    notice = (Notice.objects.select_related("case")
              .filter(number=number, case_id__in=cases_for(request.user).values("pk")).first())
    if notice is None:
        raise Http404("未找到该文书，或您无权查看。")
    pdf = render_notice_pdf(notice, verify_url=verify_url_of(request, notice),
                            rating_url=rating_url_of(request, notice))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = pdf_filename_header(notice)
    response["Cache-Control"] = "private, no-store"  # carries personal data
    return response


def _notice_for_code(code: str) -> Notice | None:
    code = re.sub(r"\s+", "", code or "").upper()
    if not code or len(code) > CODE_MAX_LENGTH:
        return None
    return (Notice.objects.select_related("case", "case__workflow")
            .filter(verification_code=code).first())


@require_GET
def verify_notice(request: HttpRequest, verification_code: str) -> HttpResponse:
    """文书核验 — public: is this a notice the system issued, and what does it say in short."""
    notice = _notice_for_code(verification_code)
    if notice is None:
        response = render(request, "cases/verify_notice.html", {"found": False}, status=404)
    else:
        body, case = notice.body or {}, notice.case
        response = render(request, "cases/verify_notice.html", {
            "found": True,
            "kind": notice_title(notice),
            "number": notice.number,
            "issued_on": timezone.localtime(notice.issued_at).date(),
            "item_name": body.get("item_name", ""),
            "department": issuing_agency(body.get("department", "")),
            "status_label": case.workflow.workflow.label_of(case.status),
            "applicant": mask_name(body.get("applicant_name", "")),
        })
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response

"""文书打印 — the printable notice (受理通知书, 补正材料告知书, 不予受理决定书, 准予/不予许可决定书).

A notice is frozen when it is issued: everything it says comes from `Notice.body` (the snapshot
`services.notices.issue_notice` takes: case number, item name and codes, applicant name,
department, reason, legal basis, 补正 materials, due date; for decisions the title by item type,
the result, its number and validity; for refusals and decisions the appeal periods in force that
day) and from the notice's own number,
kind, date and verification code. Only the applicant's certificate number is read from the
case, and it is printed masked. The QR code encodes the public verification URL
(`verify:notice`), with the verification code printed under it for those who type it in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from tongban.core.masking import mask_id_number

from ..constants import ApplicantKind, NoticeKind
from ..models import Notice
from ..services.notices import APPEALABLE, appeal_rights

CORRECTION_CLOSING = "以上材料请一次性补齐后重新提交。补正期间不计入办理时限。"


def notice_title(notice: Notice) -> str:
    """The title the notice was issued with (a decision's depends on the item type)."""
    return (notice.body or {}).get("title") or NoticeKind(notice.kind).label


def remedy_text(notice: Notice) -> str:
    """行政复议 / 行政诉讼: the periods frozen into the notice (those in force on its date for a
    notice issued before they were)."""
    if notice.kind not in APPEALABLE:
        return ""
    appeal = (notice.body or {}).get("appeal") or appeal_rights(
        notice.case, timezone.localtime(notice.issued_at).date())
    return (f"如不服本决定，可以自收到本决定书之日起{appeal['review_days']}日内向{appeal['review_body']}"
            f"申请行政复议，或者自收到本决定书之日起{appeal['litigation_months']}个月内依法向人民法院提起行政诉讼。")


def validity_text(body: dict[str, Any]) -> str:
    valid_from, valid_until = _date(body.get("valid_from")), _date(body.get("valid_until"))
    if valid_from and valid_until:
        return f"自{valid_from:%Y年%-m月%-d日}起至{valid_until:%Y年%-m月%-d日}止"
    return "以所发证照或结果文书载明的有效期为准"


UNIT_LABELS = {"working": "个工作日", "calendar": "日"}


def special_procedure_text(body: dict[str, Any]) -> dict[str, str]:
    """特别程序告知书: what is done and for how long (行政许可法 第四十五条), or the extension of
    the limit approved by the head (第四十二条) and the due date it gives."""
    kind, days = body.get("procedure", ""), f"{body.get('max_duration') or ''}{UNIT_LABELS.get(body.get('unit'), '')}"
    started, until, due = _date(body.get("started_on")), _date(body.get("paused_until")), _date(body.get("due_date"))
    if kind == "extension":
        return {"statement": f"你（单位）提出的“{body.get('item_name', '')}”申请，因情况复杂，在承诺时限内不能作出决定，"
                             f"经本机关负责人批准，办理时限延长{days}。",
                "period": f"延长后的办结期限为{due:%Y年%-m月%-d日}。" if due else "",
                "basis": "《中华人民共和国行政许可法》第四十二条"}
    return {"statement": f"你（单位）提出的“{body.get('item_name', '')}”申请，依法需要{body.get('procedure_label', '')}，"
                         f"本机关自{started:%Y年%-m月%-d日}起启动特别程序，所需时间不计入办理时限。" if started else "",
            "period": (f"特别程序最长{days}" + (f"，至{until:%Y年%-m月%-d日}届满，届满后恢复计时" if until else "")
                       + (f"；按最长时限计算，办结期限为{due:%Y年%-m月%-d日}" if due else "") + "。"),
            "basis": "《中华人民共和国行政许可法》第四十五条"}


def issuing_agency(department_name: str) -> str:
    """The agency name in the red head: "区市场监管局" → "兰山区市场监管局" (district data)."""
    name = (department_name or "").strip()
    district = settings.DISTRICT_NAME
    if name.startswith("区") and district.endswith("区") and not name.startswith(district):
        return f"{district}{name[1:]}"
    return name


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _identity(notice: Notice) -> dict[str, str]:
    """The applicant's certificate line: USCC of an enterprise in full, a person's ID masked."""
    case = notice.case
    number = (case.applicant_id_number or "").strip()
    if not number:
        return {"label": "", "value": ""}
    if case.applicant_kind == ApplicantKind.ENTERPRISE:
        return {"label": "统一社会信用代码", "value": number}
    return {"label": "身份证件号码", "value": mask_id_number(number)}


def qr_code_data_uri(content: str) -> str:
    """The QR code as an inline SVG data URI (vector: sharp at any print resolution)."""
    return segno.make(content, error="m").svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


def notice_context(notice: Notice, *, verify_url: str, rating_url: str = "") -> dict[str, Any]:
    body: dict[str, Any] = notice.body or {}
    issued_on = timezone.localtime(notice.issued_at).date()
    materials = [m.strip() for m in body.get("materials") or [] if str(m).strip()]
    return {
        "notice": notice,
        "kind": notice.kind,
        "title": notice_title(notice),
        "agency": issuing_agency(body.get("department", "")),
        "department": body.get("department", ""),
        "district_name": settings.DISTRICT_NAME,
        "number": notice.number,
        "verification_code": notice.verification_code,
        "verify_url": verify_url,
        "qr_code": qr_code_data_uri(verify_url),
        "rating_url": rating_url,
        "rating_qr_code": qr_code_data_uri(rating_url) if rating_url else "",
        "issued_on": issued_on,
        "applicant_name": body.get("applicant_name", ""),
        "identity": _identity(notice),
        "item_name": body.get("item_name", ""),
        "item_code": body.get("item_code", ""),
        "item_version": body.get("item_version", ""),
        "case_number": body.get("case_number", ""),
        "reason": (body.get("reason") or "").strip(),
        "legal_basis": (body.get("legal_basis") or "").strip(),
        "materials": materials,
        "due_date": _date(body.get("due_date")),
        "remedy": remedy_text(notice),
        "granted": body.get("granted") or "许可",
        "result_name": body.get("result_name", ""),
        "result_number": body.get("result_number", ""),
        "validity": validity_text(body),
        "correction_closing": CORRECTION_CLOSING,
        "is_acceptance": notice.kind == NoticeKind.ACCEPTANCE,
        "is_correction": notice.kind == NoticeKind.CORRECTION,
        "is_rejection": notice.kind == NoticeKind.REJECTION,
        "is_approval": notice.kind == NoticeKind.APPROVAL,
        "is_denial": notice.kind == NoticeKind.DENIAL,
        "is_special_procedure": notice.kind == NoticeKind.SPECIAL_PROCEDURE,
        "special": special_procedure_text(body) if notice.kind == NoticeKind.SPECIAL_PROCEDURE else {},
    }


def render_notice_html(notice: Notice, *, verify_url: str, rating_url: str = "") -> str:
    return render_to_string("cases/notice_pdf.html",
                            notice_context(notice, verify_url=verify_url, rating_url=rating_url))


def data_only_fetcher(url: str, *args, **kwargs) -> dict:
    """A notice embeds everything it shows; WeasyPrint must never fetch anything else."""
    from weasyprint import default_url_fetcher

    if not url.startswith("data:"):
        raise ValueError(f"external resource refused: {url}")
    return default_url_fetcher(url, *args, **kwargs)


def render_notice_pdf(notice: Notice, *, verify_url: str, rating_url: str = "") -> bytes:
    """The notice as an A4 PDF in Noto Sans CJK SC (WeasyPrint is loaded only when printing)."""
    from weasyprint import HTML

    html = render_notice_html(notice, verify_url=verify_url, rating_url=rating_url)
    return HTML(string=html, base_url=verify_url, url_fetcher=data_only_fetcher).write_pdf()

"""The printable licence (A4 PDF, WeasyPrint): fields, the issuer's seal, identifier and a QR code
to the public verification page. Everything is embedded (data: URIs); nothing is fetched."""

from __future__ import annotations

import base64
from html import escape

import segno
from django.template.loader import render_to_string

from .models import Licence
from .workflow import STATUS_LABELS

ELEMENT_LABELS = [("ZZMC", "证照名称"), ("ZZBH", "证照编号"), ("CZZT", "持证主体"), ("CZZTDMLX", "持证主体代码类型"),
                  ("ZZBFJG", "颁发机构"), ("ZZBFRQ", "颁发日期"), ("ZZYXQQSRQ", "有效期起"), ("ZZYXQJZRQ", "有效期至"),
                  ("GLSXMC", "关联事项"), ("GLBJBH", "关联办件")]


def qr_data_uri(content: str) -> str:
    return segno.make(content, error="m").svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


def seal_data_uri(name: str) -> str:
    """A round red seal with the issuer's name along the rim (an image of the 电子印章)."""
    text = escape(name)
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160">'
           '<defs><path id="rim" d="M 30 95 A 52 52 0 1 1 130 95"/></defs>'
           '<circle cx="80" cy="80" r="74" fill="none" stroke="#c8161d" stroke-width="5"/>'
           '<text font-family="Noto Sans CJK SC" font-size="15" fill="#c8161d" font-weight="bold">'
           f'<textPath href="#rim" startOffset="50%" text-anchor="middle">{text}</textPath></text>'
           '<text x="80" y="98" font-size="44" text-anchor="middle" fill="#c8161d">★</text>'
           '<text x="80" y="130" font-family="Noto Sans CJK SC" font-size="12" text-anchor="middle" '
           'fill="#c8161d">电子证照专用章</text></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def data_only_fetcher(url: str, *args, **kwargs) -> dict:
    """The licence embeds everything it shows; WeasyPrint must never fetch anything else."""
    from weasyprint import default_url_fetcher

    if not url.startswith("data:"):
        raise ValueError(f"external resource refused: {url}")
    return default_url_fetcher(url, *args, **kwargs)


def licence_rows(licence: Licence) -> list[tuple[str, str]]:
    document = licence.document
    rows = [(label, str(document.get(code, ""))) for code, label in ELEMENT_LABELS if document.get(code)]
    labels = {str(f.get("code")): str(f.get("label", f.get("code"))) for f in licence.licence_type.field_schema or []}
    rows += [(labels.get(code, code), str(value)) for code, value in (licence.fields or {}).items()]
    return rows


def licence_context(licence: Licence, *, verify_url: str) -> dict:
    return {"licence": licence, "rows": licence_rows(licence), "verify_url": verify_url,
            "qr_code": qr_data_uri(verify_url), "seal": seal_data_uri(licence.issuer.name),
            "status_label": STATUS_LABELS.get(licence.status, licence.status)}


def render_licence_pdf(licence: Licence, *, verify_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("licences/licence_pdf.html", licence_context(licence, verify_url=verify_url))
    return HTML(string=html, base_url=verify_url, url_fetcher=data_only_fetcher).write_pdf()

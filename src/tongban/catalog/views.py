"""Public catalog pages: the searchable list, the 办事指南 page and its printable PDF.

Every page renders the dicts the public API returns (`summary_of`, `published_payload`),
so the web, the print-out and every API client show one published guide (同源发布).
"""

import segno
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from .api import published_payload, summary_of
from .constants import VersionStatus
from .models import ServiceItemVersion
from .queries import CatalogFilter, catalog_page, published_version_of
from .templatetags.catalog_labels import code_names, filter_choices, item_type_names

PAGE_SIZE = 20
# The query parameters of the list, the same names as GET /api/v1/catalog/items.
FILTER_PARAMETERS = ("q", "department", "theme", "type", "channel", "fully_online")
TRUE_WORDS, FALSE_WORDS = {"1", "true", "on", "yes"}, {"0", "false", "off", "no"}


def _criteria(params: QueryDict) -> tuple[CatalogFilter, dict[str, str]]:
    values = {name: params.get(name, "").strip() for name in FILTER_PARAMETERS}
    values["q"] = values["q"][:50]
    fully_online = values["fully_online"].lower()
    criteria = CatalogFilter(
        q=values["q"], department=values["department"], theme=values["theme"],
        item_type=values["type"], channel=values["channel"],
        fully_online=True if fully_online in TRUE_WORDS else False if fully_online in FALSE_WORDS else None,
    )
    values["fully_online"] = {True: "1", False: "0", None: ""}[criteria.fully_online]
    return criteria, {name: value for name, value in values.items() if value}


def _is_partial(request: HttpRequest) -> bool:
    # A history restore after a cache miss asks for the whole page, not the fragment.
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-History-Restore-Request") != "true")


@require_GET
def catalog_list(request: HttpRequest) -> HttpResponse:
    """事项目录 — search and filter the published items; htmx swaps only the results."""
    criteria, active = _criteria(request.GET)
    after = request.GET.get("after", "")[:64]
    page, next_cursor = catalog_page(criteria, after=after, limit=PAGE_SIZE)
    context = {
        "items": [summary_of(item) for item in page],
        "item_type_names": item_type_names(),
        "active": active,
        "after": after,
        "first_page_query": urlencode(active),
        "more_query": urlencode({**active, "after": next_cursor}) if next_cursor else "",
    }
    if _is_partial(request):
        response = render(request, "catalog/_results.html", context)
    else:
        response = render(request, "catalog/catalog_list.html", {**context, **filter_choices()})
    response["Vary"] = "HX-Request"
    return response


def _version_or_404(code: str, version: str | None) -> ServiceItemVersion:
    if version is not None and not version.isdigit():
        raise Http404("未找到该事项或版本。")
    found = published_version_of(code, int(version) if version is not None else None)
    if found is None:
        raise Http404("未找到该事项或版本。")
    return found


def _guide_context(version: ServiceItemVersion) -> dict:
    payload = published_payload(version)
    replaced = payload["status"] == VersionStatus.SUPERSEDED
    return {
        "payload": payload,
        "guide": payload["guide"],
        "names": code_names([payload["guide"]]),
        "is_current": payload["status"] == VersionStatus.PUBLISHED,
        "replaced_by": max(payload["versions"]) if replaced else None,
        "is_retired": version.item.is_retired,
    }


@require_GET
def guide_detail(request: HttpRequest, code: str) -> HttpResponse:
    """办事指南 — the published guide, or an older published version with ?version=N."""
    version = _version_or_404(code, request.GET.get("version"))
    return render(request, "catalog/guide_detail.html", {
        **_guide_context(version), "base_template": "base.html", "printing": False,
    })


def data_only_fetcher(url: str, *args, **kwargs) -> dict:
    """The print-out embeds everything it shows (the QR code is a data: URI); WeasyPrint
    fetches nothing else, so a guide's text can never make the server call out."""
    from weasyprint import default_url_fetcher

    if not url.startswith("data:"):
        raise ValueError(f"external resource refused: {url}")
    return default_url_fetcher(url, *args, **kwargs)


def render_pdf(html: str, *, base_url: str) -> bytes:
    """HTML → PDF; WeasyPrint is imported here so that only this view pays for loading it."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url, url_fetcher=data_only_fetcher).write_pdf()


@require_GET
def guide_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """办事指南（打印版） — A4 PDF of the same guide, with a QR code of its online page."""
    version = _version_or_404(code, request.GET.get("version"))
    # The QR code points at exactly the printed version; that page says if it was replaced.
    online_url = request.build_absolute_uri(
        f"{reverse('catalog:guide', args=[code])}?{urlencode({'version': version.number})}"
    )
    html = render_to_string("catalog/guide_detail.html", {
        **_guide_context(version), "base_template": "catalog/guide_pdf.html", "printing": True,
        "online_url": online_url,
        "qr_code": segno.make(online_url, error="m").png_data_uri(scale=4, border=2),
    }, request=request)
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="guide-{code}-v{version.number}.pdf"'
    return response

"""电子证照 pages: 我的证照, a licence, its PDF and signed file, 一码亮证, public verification,
the issuer's actions, 一企一档 / 一人一档, the public keys and status lists.

Each view loads through `queries.licences_for` (holder side or staff scope): outside it, 404.
"""

from __future__ import annotations

import hashlib
import json
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tongban.accounts.models import Department
from tongban.audit import services as audit
from tongban.core.clock import local_date
from tongban.core.errors import DomainError
from tongban.core.masking import mask_id_number

from . import events, keys, services
from .documents import licence_context, qr_data_uri, render_licence_pdf
from .models import Licence
from .queries import licence_file, licences_for, staff_scope, status_list, verify_online, wallet_for
from .workflow import LICENCE_WORKFLOW

PAGE_SIZE = 50


def verify_url_of(request: HttpRequest, licence: Licence) -> str:
    return request.build_absolute_uri(reverse("licences:verify", args=[licence.identifier]))


def _licence(request: HttpRequest, identifier: str) -> Licence:
    licence = (licences_for(request.user).select_related("licence_type__catalog_type", "issuer", "signing_key")
               .filter(identifier=identifier[:120]).first())
    if licence is None:
        raise Http404("未找到该电子证照，或您无权查看。")
    return licence


def _page(queryset, request: HttpRequest):
    """Keyset pagination on id, newest first (?before=<id>)."""
    before = request.GET.get("before", "")
    if before.isdigit():
        queryset = queryset.filter(pk__lt=int(before))
    rows = list(queryset.order_by("-pk")[:PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], (rows[PAGE_SIZE - 1].pk if len(rows) > PAGE_SIZE else None)


@require_GET
def wallet(request: HttpRequest) -> HttpResponse:
    rows, more = _page(wallet_for(request.user).select_related("licence_type__catalog_type", "issuer"), request)
    today = local_date(timezone.now())
    return render(request, "licences/wallet.html", {
        "licences": [(licence, licence.status_label(today)) for licence in rows], "more": more})


@require_GET
def detail(request: HttpRequest, identifier: str) -> HttpResponse:
    licence = _licence(request, identifier)
    today = local_date(timezone.now())
    context = licence_context(licence, verify_url=verify_url_of(request, licence))
    is_issuer = request.user.role == "admin" or (request.user.department_id == licence.issuer_id
                                                 and request.user.role in ("reviewer", "department_head"))
    actions = LICENCE_WORKFLOW.allowed(licence.status, {request.user.role}) if is_issuer else []
    context.update({"status_label": licence.status_label(today), "actions": actions,
                    "is_holder": wallet_for(request.user).filter(pk=licence.pk).exists(),
                    "can_reissue": is_issuer and licence.status in ("valid", "suspended"),
                    "error": request.GET.get("error", "")[:200]})
    return render(request, "licences/detail.html", context)


@require_GET
def pdf(request: HttpRequest, identifier: str) -> HttpResponse:
    licence = _licence(request, identifier)
    response = HttpResponse(render_licence_pdf(licence, verify_url=verify_url_of(request, licence)),
                            content_type="application/pdf")
    name = f"{licence.licence_type.name}{licence.number}.pdf"
    response["Content-Disposition"] = f"inline; filename=\"licence.pdf\"; filename*=UTF-8''{quote(name, safe='')}"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def download(request: HttpRequest, identifier: str) -> HttpResponse:
    """The signed licence file (JSON) for offline verification (manage.py verify_licence)."""
    licence = _licence(request, identifier)
    response = HttpResponse(json.dumps(licence_file(licence), ensure_ascii=False, indent=1),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = "attachment; filename=\"licence.json\""
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def show(request: HttpRequest, identifier: str) -> HttpResponse:
    """一码亮证: the holder gets a short-lived QR on the phone (亮屏即亮照)."""
    licence = _licence(request, identifier)
    if not wallet_for(request.user).filter(pk=licence.pk).exists():
        raise Http404("只有持证人可以亮证。")
    try:
        token = services.create_show_token(actor=request.user, licence=licence, now=timezone.now())
    except DomainError as error:
        return redirect(reverse("licences:detail", args=[licence.identifier]) + "?error=" + quote(error.message))
    url = request.build_absolute_uri(reverse("licences:shown", args=[token.token]))
    return render(request, "licences/show.html", {"licence": licence, "token": token, "qr_code": qr_data_uri(url),
                                                  "url": url})


@require_GET
def shown(request: HttpRequest, token: str) -> HttpResponse:
    """The clerk's scan of a 亮证 QR: the licence while the code is fresh (audited)."""
    try:
        licence = services.open_show_token(actor=request.user, token=token, now=timezone.now())
    except DomainError as error:
        return render(request, "licences/verify.html", {"answer": {"found": False, "message": error.message}},
                      status=404)
    context = licence_context(licence, verify_url=verify_url_of(request, licence))
    context["status_label"] = licence.status_label(local_date(timezone.now()))
    context["shown"] = True
    return render(request, "licences/detail.html", context)


def _verify_response(request: HttpRequest, text: str) -> HttpResponse:
    answer = verify_online(text, today=local_date(timezone.now())) if text else None
    status = 200 if answer is None or answer["found"] else 404
    response = render(request, "licences/verify.html", {"answer": answer, "query": text[:200]}, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def verify(request: HttpRequest, identifier: str) -> HttpResponse:
    """证照核验 — public (the QR on a licence opens it)."""
    return _verify_response(request, identifier[:200])


@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    return _verify_response(request, request.GET.get("id", "")[:200])


def _after_action(licence_identifier: str, error: DomainError | None) -> HttpResponse:
    url = reverse("licences:detail", args=[licence_identifier])
    return redirect(url + ("?error=" + quote(error.message) if error else ""))


@require_POST
def change_status(request: HttpRequest, identifier: str) -> HttpResponse:
    licence = _licence(request, identifier)
    try:
        services.change_status(actor=request.user, identifier=licence.identifier,
                               action=request.POST.get("action", "")[:20], reason=request.POST.get("reason", "")[:300],
                               now=timezone.now())
    except DomainError as error:
        return _after_action(licence.identifier, error)
    return _after_action(licence.identifier, None)


@require_POST
def reissue(request: HttpRequest, identifier: str) -> HttpResponse:
    licence = _licence(request, identifier)
    fields = {code: request.POST.get(code, "")[:300] for code in licence.licence_type.extension_codes()
              if request.POST.get(code)}
    try:
        new = services.reissue(actor=request.user, identifier=licence.identifier, fields=fields,
                               reason=request.POST.get("reason", "")[:300], now=timezone.now())
    except DomainError as error:
        return _after_action(licence.identifier, error)
    return _after_action(new.identifier, None)


@require_POST
def issue(request: HttpRequest, case_number: str) -> HttpResponse:
    """制证 by hand for an approved case (the worker issues it anyway; this is for right now)."""
    try:
        licence = services.issue_manual(actor=request.user, case_number=case_number[:50], now=timezone.now())
    except DomainError as error:
        if error.status == 404:
            raise Http404(error.message) from error
        return render(request, "licences/desk.html", {"error": error.message, "licences": [], "more": None},
                      status=error.status)
    return _after_action(licence.identifier, None)


@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    """证照管理: the licences in the staff member's scope, newest first."""
    queryset = staff_scope(request.user).select_related("licence_type__catalog_type", "issuer")
    query = request.GET.get("q", "").strip()[:120]
    if query:
        queryset = queryset.filter(identifier=query) | queryset.filter(holder_code=query) | queryset.filter(
            number=query)
    rows, more = _page(queryset, request)
    today = local_date(timezone.now())
    return render(request, "licences/desk.html", {
        "licences": [(licence, licence.status_label(today)) for licence in rows], "more": more, "query": query})


@require_GET
def holder_file(request: HttpRequest, code: str) -> HttpResponse:
    """一企一档 / 一人一档: every licence, case and material of one holder in the staff member's scope."""
    from tongban.cases.models import CaseMaterial
    from tongban.cases.scopes import cases_for

    code = code.strip().upper()[:18]
    licences = list(staff_scope(request.user).filter(holder_code=code)
                    .select_related("licence_type__catalog_type", "issuer").order_by("-pk")[:PAGE_SIZE])
    cases = list(cases_for(request.user).filter(applicant_id_number=code)
                 .select_related("item_version").order_by("-pk")[:PAGE_SIZE])
    if not licences and not cases:
        raise Http404("未找到该主体的证照或办件，或不在您的范围内。")
    materials = list(CaseMaterial.objects.filter(case__in=cases).select_related("case").order_by("-case_id")[:200])
    stream = "licences.holder:" + hashlib.sha256(code.encode()).hexdigest()[:24]
    audit.record(actor=request.user, action=events.VIEWED_FILE, target=stream, now=timezone.now(),
                 after={"holder": mask_id_number(code), "licences": len(licences), "cases": len(cases)})
    today = local_date(timezone.now())
    name = (licences[0].holder_name if licences else cases[0].applicant_name)
    return render(request, "licences/holder_file.html", {
        "name": name, "code": code if len(code) == 18 and not code[:6].isdigit() else mask_id_number(code),
        "licences": [(licence, licence.status_label(today)) for licence in licences],
        "cases": cases, "materials": materials})


@require_GET
def public_keys(request: HttpRequest, uscc: str) -> JsonResponse:
    department = get_object_or_404(Department, uscc=uscc[:18])
    return JsonResponse(keys.public_key_set(department), json_dumps_params={"ensure_ascii": False})


@require_GET
def status_list_view(request: HttpRequest, uscc: str) -> JsonResponse:
    department = get_object_or_404(Department, uscc=uscc[:18])
    try:
        listed = status_list(department, now=timezone.now())
    except DomainError as error:
        raise Http404(error.message) from error
    return JsonResponse(listed, json_dumps_params={"ensure_ascii": False})

"""Applicant pages: 网上申办, 我的办件 and the public 办件查询 (no login)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tongban.accounts.constants import Role
from tongban.accounts.throttling import client_address
from tongban.catalog.queries import published_version_of
from tongban.core.errors import DomainError

from .. import services
from ..forms import OnlineApplicationForm, TrackForm
from ..presenters import tracking_payload
from ..queries import my_cases
from ..reuse import licence_types_held
from ..services.transitions import local_today
from ..throttle import tracked_case
from .case import case_rows, form_accepted, is_partial, submitted_or_shown

MY_CASES_PAGE = 20


def _mandates(user) -> list[tuple[str, str]]:
    return [(m.enterprise.uscc, f"{m.enterprise.name}（{m.enterprise.uscc}）")
            for m in user.enterprise_mandates.select_related("enterprise").order_by("enterprise__uscc")]


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, item_code: str) -> HttpResponse:
    """网上申办 — the application form built from the published guide's materials."""
    version = published_version_of(item_code[:64])
    if version is None:
        raise Http404("该事项未发布或已取消，不能申请。")
    user, today = request.user, local_today(timezone.now())
    enterprises = _mandates(user)
    personal = user.role == Role.CITIZEN
    # 电子证照 offered are those of whoever applies: the chosen (or only) enterprise, or the person.
    default_enterprise = "" if personal or not enterprises else enterprises[0][0]
    chosen = request.POST.get("enterprise_uscc", "") or default_enterprise
    materials = list(version.materials.select_related("license_type").order_by("order"))
    form = OnlineApplicationForm(
        request.POST or None, request.FILES or None, materials=materials, today=today,
        held=licence_types_held(chosen or user.id_number), signer=user.display_name,
        enterprises=enterprises, personal=personal, phone=user.phone,
    )
    if request.method == "POST" and version.can_apply_online and form_accepted(form, actor=user):
        def applicant() -> services.Applicant:
            return services.applicant_for_account(
                user, enterprise_uscc=form.cleaned_data.get("enterprise_uscc", ""),
                phone=form.cleaned_data["phone"])
        number = submitted_or_shown(request, form, item_code=version.item.implementation_code,
                                    channel="online", applicant=applicant)
        if number:
            messages.success(request, f"申请已提交，办件编号 {number}。请记下编号，可随时查询办理进度。")
            return redirect("cases:detail", number)
    return render(request, "cases/apply.html", {"version": version, "form": form})


@require_GET
def my_case_list(request: HttpRequest) -> HttpResponse:
    """我的办件 — newest first, 20 at a time; "更多" loads the next page in place."""
    after_text = request.GET.get("after", "")
    after = int(after_text) if after_text.isdigit() else None
    cases = my_cases(request.user, after=after, limit=MY_CASES_PAGE)
    today = local_today(timezone.now())
    context = {
        "rows": case_rows(cases[:MY_CASES_PAGE], today), "after": after,
        "next_cursor": cases[MY_CASES_PAGE - 1].id if len(cases) > MY_CASES_PAGE else None,
    }
    template = "cases/_mine_rows.html" if is_partial(request) and after else "cases/case_list.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


@require_http_methods(["GET", "POST"])
def track_case(request: HttpRequest) -> HttpResponse:
    """办件查询 — anyone with the 办件编号 and 4 digits sees the progress; guesses are throttled."""
    form = TrackForm(request.POST or None)
    result, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            case = tracked_case(form.cleaned_data["number"], form.cleaned_data["last_four"],
                                address=client_address(request), now=timezone.now())
        except DomainError as error:
            form.add_error(None, error.message)
            status = 429 if error.status == 429 else 200
        else:
            result = tracking_payload(case)
    return render(request, "cases/track.html", {"form": form, "result": result}, status=status)

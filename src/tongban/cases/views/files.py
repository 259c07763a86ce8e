"""Uploaded materials on the case page: open or download a file (downloads.py), hand in files
on 补正 and for 容缺 promises. Files are reached only through a case the viewer may see
(views.case_for_viewer, the same scope as the case page)."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tongban.core.errors import DomainError, InvalidInput
from tongban.workdays.errors import CalendarNotPublished

from .. import services
from ..constants import CommitmentKind, CommitmentStatus, Provision
from ..downloads import file_response
from ..forms import HandInForm
from ..services.transitions import local_today
from .case import CALENDAR_MISSING, case_for_viewer, detail_context

@require_GET
def case_file(request: HttpRequest, number: str, file_id: str) -> FileResponse:
    """打开或下载材料 — `?download=1` saves it; otherwise PDF and images open in the browser."""
    case = case_for_viewer(request, number)
    return file_response(request, case, file_id, inline=request.GET.get("download") != "1")


def _hand_in(request: HttpRequest, number: str, *, waiver: bool) -> HttpResponse:
    """Store every chosen file (each bad one reported by its material, the good ones kept for
    the next try), then hand them in through one service call."""
    case = case_for_viewer(request, number)
    materials = {m.material_id: m for m in case.materials.all()}
    wanted = {i for i, m in materials.items() if m.provision == Provision.WAIVED} if waiver else set(materials)
    form = HandInForm(request.POST, request.FILES, material_ids=wanted, waiver=waiver)
    valid = form.is_valid()
    now = timezone.now()
    if problems := form.keep_uploads(actor=request.user, now=now):
        form.show_error(InvalidInput(problems, code="case.uploads_refused"))
    status = 422
    if valid and not problems:
        try:
            if waiver:
                commitment = case.commitments.filter(kind=CommitmentKind.WAIVER,
                                                     status=CommitmentStatus.PENDING).first()
                if commitment is None:
                    raise Http404("该办件没有待补交的容缺材料。")
                services.deliver_waived_materials(
                    actor=request.user, case_number=case.number, commitment_id=commitment.id,
                    files={materials[i].name: ref for i, ref in form.references().items()}, now=now)
            else:
                services.resubmit_case(actor=request.user, case_number=case.number, files=form.references(),
                                       expected_version=form.cleaned_data["expected_version"], now=now)
        except DomainError as error:
            form.show_error(error)
            status = error.status
        except CalendarNotPublished:
            form.add_error(None, CALENDAR_MISSING)
            status = 503
        else:
            messages.success(request, "容缺材料已补交，承诺已履行。" if waiver
                             else f"办件 {case.number} 已补正并重新提交。")
            return redirect("cases:detail", case.number)
    case = case_for_viewer(request, number)
    context = detail_context(request, case, today=local_today(timezone.now()))
    context["hand_in_form"] = form
    return render(request, "cases/case_detail.html", context, status=status)


@require_POST
def case_resubmit(request: HttpRequest, number: str) -> HttpResponse:
    """补正后重新提交 — with the files asked for (applicant online, or the window clerk)."""
    return _hand_in(request, number, waiver=False)


@require_POST
def case_deliver(request: HttpRequest, number: str) -> HttpResponse:
    """补交容缺材料 — by the promised date."""
    return _hand_in(request, number, waiver=True)


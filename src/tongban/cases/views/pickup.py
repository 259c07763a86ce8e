"""领取 at the exit window: the clerk checks the collector's certificate before handing over."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tongban.core.errors import DomainError
from tongban.core.masking import mask_id_number

from .. import services
from ..forms import PickupForm
from .case import case_for_viewer

# The service names the API's fields (pickup.id_number …); the form's differ in one name.
FORM_FIELD_OF = {"pickup.collector_kind": "collector_kind", "pickup.collector_name": "collector_name",
                 "pickup.id_type": "id_type", "pickup.id_number": "collector_id_number",
                 "pickup.id_checked": "id_checked", "pickup.authorisation": "authorisation"}


def _page(request: HttpRequest, case, form: PickupForm, status: int = 200) -> HttpResponse:
    return render(request, "cases/pickup.html", {
        "case": case, "form": form, "applicant_code": mask_id_number(case.applicant_id_number)
        if case.applicant_kind == "person" else case.applicant_id_number,
        "status_label": case.workflow.workflow.label_of(case.status),
    }, status=status)


@require_http_methods(["GET", "POST"])
def pickup(request: HttpRequest, number: str) -> HttpResponse:
    """领取 — record who collects (self or agent), the certificate shown and the checks made."""
    case = case_for_viewer(request, number)
    if request.method == "GET":
        return _page(request, case, PickupForm(initial={"expected_version": case.row_version}))
    form = PickupForm(request.POST)
    if not form.is_valid():
        return _page(request, case, form, status=422)
    command = services.Command("pick_up", expected_version=form.cleaned_data["expected_version"],
                               pickup=form.pickup_input())
    try:
        services.transition_case(actor=request.user, case_number=case.number, command=command,
                                 now=timezone.now())
    except DomainError as error:
        form.add_error(FORM_FIELD_OF.get(error.field or ""), error.message)
        return _page(request, case, form, status=error.status)
    messages.success(request, f"办件 {case.number} 的结果已领取，领取人身份已核验登记。")
    return redirect(reverse("cases:exit_window"))

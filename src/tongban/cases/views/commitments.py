"""告知承诺核查 for the department: the commitments whose 核查 period has passed, and the result."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tongban.core.errors import DomainError

from .. import services
from ..models import Commitment
from ..services.commitments import overdue_verifications
from ..services.transitions import local_today


class VerificationForm(forms.Form):
    kept = forms.ChoiceField(label="核查结果", choices=[("kept", "承诺属实"), ("broken", "承诺不实")],
                             widget=forms.RadioSelect, error_messages={"required": "请选择核查结果。"})
    note = forms.CharField(label="核查情况", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


def _page(request: HttpRequest, *, failed: int | None = None, form: VerificationForm | None = None,
          status: int = 200) -> HttpResponse:
    today = local_today(timezone.now())
    rows = [{"commitment": commitment, "days_over": (today - commitment.due_date).days,
             "form": form if commitment.pk == failed else VerificationForm(auto_id=f"v{commitment.pk}_%s")}
            for commitment in overdue_verifications(request.user, today=today)[:200]]
    return render(request, "cases/commitments_overdue.html", {"rows": rows, "today": today}, status=status)


@require_GET
def overdue(request: HttpRequest) -> HttpResponse:
    """逾期未核查 — 告知承诺 past their 核查 date without a result, oldest first."""
    return _page(request)


@require_POST
def verify(request: HttpRequest, commitment_id: int) -> HttpResponse:
    form = VerificationForm(request.POST, auto_id=f"v{commitment_id}_%s")
    number = Commitment.objects.filter(pk=commitment_id).values_list("case__number", flat=True).first() or ""
    if form.is_valid():
        try:
            services.verify_commitment(actor=request.user, case_number=number, commitment_id=commitment_id,
                                       kept=form.cleaned_data["kept"] == "kept", note=form.cleaned_data["note"],
                                       now=timezone.now())
        except DomainError as error:
            form.add_error("note" if error.field == "note" else None, error.message)
        else:
            messages.success(request, f"已记录办件 {number} 的核查结果。")
            return redirect("cases:commitments_overdue")
    return _page(request, failed=commitment_id, form=form, status=422)

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tongban.core.errors import DomainError, InvalidInput

from . import services
from .forms import OverrideForm, value_as_text
from .queries import rule_views


@require_GET
def rule_list(request):
    """规则参数 — every rule with its default, source and today's district-wide value."""
    return render(request, "rules/list.html", {"views": rule_views(on=timezone.localdate())})


@require_http_methods(["GET", "POST"])
def rule_detail(request, code: str):
    try:
        rule = services.find_rule(code)
    except DomainError:
        raise Http404 from None
    today = timezone.localdate()
    view = rule_views(on=today, codes=[rule.code])[0]
    form = OverrideForm(request.POST or None, rule=rule, user=request.user,
                        initial={"value": value_as_text(rule, view.current), "effective_from": today})
    if request.method == "POST" and form.is_valid():
        target = form.target()
        try:
            services.set_override(rule.code, value=form.cleaned_data["value"],
                                  effective_from=form.cleaned_data["effective_from"],
                                  reason=form.cleaned_data["reason"], actor=request.user, now=timezone.now(),
                                  **target)
        except InvalidInput as error:
            for problem in error.errors:
                field = next(iter(target)) if problem.field == "scope" else problem.field
                form.add_error(field if field in form.fields else None, problem.message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已设置“{rule.label}”，自 {_day(form.cleaned_data['effective_from'])} 起生效。")
            return redirect("rules:detail", code=rule.code)
    return render(request, "rules/detail.html", {"view": view, "form": form})


def _day(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tongban import workdays
from tongban.core.errors import DomainError

from .forms import YearFileForm
from .services import publish_year


@require_http_methods(["GET", "POST"])
def years(request):
    form = YearFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            year = publish_year(form.cleaned_data["file"], actor=request.user, now=timezone.now())
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, f"{year.year} 年工作日历已发布，立即生效。")
            return redirect("calendar_admin:years")
    return render(request, "calendar_admin/years.html", {
        "form": form, "years": workdays.published_year_data(),
    })

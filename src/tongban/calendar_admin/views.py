from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tongban import workdays
from tongban.accounts.constants import Role
from tongban.accounts.models import Region
from tongban.core.errors import DomainError

from .forms import ClosureForm, YearFileForm
from .services import parse_days, publish_year, region_closures, save_region_closures


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


def _editable_regions(user):
    regions = Region.objects.all()
    if user.role == Role.ADMIN:
        return regions
    return regions.subtree(user.region) if user.region_id else regions.none()


@require_http_methods(["GET", "POST"])
def closures(request: HttpRequest):
    """地方性休息日 — closures of a region (and so of its towns): add one, or remove one; the due
    dates of the region's running cases move at once."""
    regions = _editable_regions(request.user)
    form = ClosureForm(request.POST if "add" in request.POST else None, regions=regions)
    if request.method == "POST":
        region = get_object_or_404(regions, pk=request.POST.get("region"))
        current = region_closures(region)
        try:
            if "remove" in request.POST:
                index = int(request.POST["remove"]) if request.POST["remove"].isdigit() else -1
                if not 0 <= index < len(current):
                    raise DomainError("calendar.closure_not_found", "未找到要删除的休息日。", status=404)
                changed = current[:index] + current[index + 1:]
            elif form.is_valid():
                data = form.cleaned_data
                changed = [*current, {"name": data["name"], "source": data["source"],
                                      "days": parse_days(data["days"])}]
            else:
                changed = None
            if changed is not None:
                moved = save_region_closures(region=region, closures=changed, actor=request.user, now=timezone.now())
                messages.success(request, f"{region.name}的地方性休息日已保存，立即生效；{moved} 件在办办件的办结期限已重新计算。")
                return redirect("calendar_admin:closures")
        except DomainError as error:
            form.add_error("days" if error.field == "days" else None, error.message)
    listed = [{"region": region, "closures": region_closures(region)} for region in regions]
    return render(request, "calendar_admin/closures.html", {
        "form": form, "regions": [entry for entry in listed if entry["closures"]],
    })

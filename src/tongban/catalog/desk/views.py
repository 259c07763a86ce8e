"""The drafting and joint-review desk: departments revise items, the office reviews them."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongban.core.errors import DomainError, InvalidInput

from .. import services
from ..constants import VersionStatus
from .forms import GUIDE_FORM_FIELDS, GuideForm, MaterialFormSet
from ..diff import diff_guides
from ..guide import MATERIAL_FIELDS, guide_of
from ..models import ServiceItem, ServiceItemVersion
from ..permissions import can_review
from ..queries import DESK_PAGE_SIZE, desk_items


@require_GET
def items(request):
    page = desk_items(request.user, after=request.GET.get("after", "")[:64], q=request.GET.get("q", "")[:50])
    return render(request, "catalog/desk_items.html", {
        "items": page, "is_reviewer": can_review(request.user),
        "next_after": page[-1].implementation_code if len(page) == DESK_PAGE_SIZE else "",
    })


@require_GET
def reviews(request):
    pending = ServiceItemVersion.objects.filter(status=VersionStatus.SUBMITTED).select_related(
        "item__department").order_by("updated_at")[:200]
    return render(request, "catalog/desk_reviews.html", {"pending": pending if can_review(request.user) else []})


def _initial(version: ServiceItemVersion) -> tuple[dict, list[dict]]:
    guide = guide_of(version)
    initial = {field: guide[field] for field in GUIDE_FORM_FIELDS}
    initial["expected_revision"] = version.revision
    return initial, [{field: material[field] for field in MATERIAL_FIELDS if field in material}
                     for material in guide["materials"]]


def _guide_from_forms(version, form, formset) -> dict:
    """The version's guide with the edited main elements and materials.

    Rows map to the existing materials by position; a blank new row (the spare one at the end)
    is ignored, a row marked 删除 is dropped.
    """
    guide = guide_of(version)
    guide.update({field: form.cleaned_data[field] for field in GUIDE_FORM_FIELDS})
    existing = guide["materials"]
    materials = []
    for index, row in enumerate(formset.forms):
        data = row.cleaned_data
        is_new = index >= len(existing)
        if data.get("DELETE") or (is_new and not (data.get("name") or "").strip()):
            continue
        base = existing[index] if not is_new else {"shared_data_source": "", "notes": ""}
        materials.append({**base, **{field: data.get(field) for field in MATERIAL_FIELDS if field in data},
                          "license_type": data.get("license_type") or ""})
    guide["materials"] = materials
    return guide


def _show_errors(error: InvalidInput, form, formset) -> None:
    for problem in error.errors:
        if problem.field.startswith("materials["):
            index = int(problem.field[len("materials["):problem.field.index("]")])
            name = problem.field.rsplit(".", 1)[-1]
            if index < len(formset.forms) and name in formset.forms[index].fields:
                formset.forms[index].add_error(name, problem.message)
                continue
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)


@require_http_methods(["GET", "POST"])
def version_detail(request, version_id: int):
    version = services.get_version_for_actor(request.user, version_id)
    initial, materials = _initial(version)
    form = GuideForm(request.POST or None, initial=initial)
    formset = MaterialFormSet(request.POST or None, initial=materials, prefix="materials")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.save_draft(actor=request.user, version=version,
                                guide=_guide_from_forms(version, form, formset),
                                expected_revision=form.cleaned_data["expected_revision"], now=timezone.now())
        except InvalidInput as error:
            _show_errors(error, form, formset)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "草稿已保存。")
            return redirect("catalog_desk:version", version_id=version.id)
    previous = version.item.published_version if version.item.published_version_id != version.id else None
    return render(request, "catalog/desk_version.html", {
        "version": version, "form": form, "formset": formset,
        "reviews": version.reviews.select_related("actor"),
        "is_reviewer": can_review(request.user),
        "diff": [row for row in diff_guides(guide_of(previous) if previous else None, guide_of(version))
                 if row.changed],
        "previous": previous,
    })


def _act(request, action, success: str, version_id: int | None = None, **kwargs):
    try:
        version = action(actor=request.user, now=timezone.now(), **kwargs)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("catalog_desk:version", version_id=version_id) if version_id else redirect("catalog_desk:items")
    messages.success(request, success)
    return redirect("catalog_desk:version", version_id=version.id)


@require_POST
def start_revision(request, code: str):
    item = ServiceItem.objects.filter(implementation_code=code).first()
    if item is None:
        messages.error(request, "未找到该事项。")
        return redirect("catalog_desk:items")
    return _act(request, services.start_revision, "已发起修订，现行版本在新版本发布前保持不变。", item=item)


@require_POST
def submit(request, version_id: int):
    version = services.get_version_for_actor(request.user, version_id)
    return _act(request, services.submit_version, "已提交联合审核。", version_id, version=version)


@require_POST
def return_for_changes(request, version_id: int):
    version = services.get_version_for_actor(request.user, version_id)
    return _act(request, services.return_version, "已退回修改。", version_id, version=version,
                comment=request.POST.get("comment", ""))


@require_POST
def publish(request, version_id: int):
    version = services.get_version_for_actor(request.user, version_id)
    return _act(request, services.publish_version, "已审核发布，门户与各渠道同步显示新版本。", version_id,
                version=version, comment=request.POST.get("comment", ""))

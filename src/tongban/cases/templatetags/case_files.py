"""The file parts of the case page: its uploads and the hand-in forms (补正, 容缺)."""

from django import template

from ..constants import CommitmentKind, CommitmentStatus, Provision
from ..services.materials import may_hand_in

register = template.Library()


@register.simple_tag(takes_context=True)
def case_files(context, case, payload) -> dict:
    """What the viewer may do with the case's files: every upload (newest first, each linked
    for opening and downloading), and the rows of the 补正 and 容缺 forms when they apply."""
    user = context["request"].user
    form = context.get("hand_in_form")
    actions = {entry["action"] for entry in payload["available_actions"]}
    can_hand_in = may_hand_in(user, case)
    waiver = (case.commitments.filter(kind=CommitmentKind.WAIVER, status=CommitmentStatus.PENDING).first()
              if can_hand_in else None)
    materials = list(case.materials.select_related("file", "material").order_by("material__order"))
    return {
        "uploads": list(case.files.order_by("-uploaded_at", "-id")),
        "resubmit": _rows(materials, form if form is not None and not form.waiver else None)
        if can_hand_in and "resubmit" in actions else None,
        "waiver": waiver,
        "waiver_rows": _rows([m for m in materials if m.provision == Provision.WAIVED],
                             form if form is not None and form.waiver else None) if waiver else None,
        "form_errors": form.non_field_errors() if form is not None else [],
    }


def _rows(materials, form) -> list[dict]:
    """One row per material: what is missing or waived first, with a kept upload and errors."""
    rows = []
    for material in materials:
        rows.append({
            "material_id": material.material_id, "name": material.name,
            "needed": material.provision in (Provision.MISSING, Provision.WAIVED),
            "provision": Provision(material.provision).label,
            "current": material.file.original_name if material.file_id else "",
            "kept": form.kept.get(material.material_id) if form is not None else None,
            "errors": form.errors.get(f"file_{material.material_id}", []) if form is not None else [],
        })
    return sorted(rows, key=lambda row: not row["needed"])

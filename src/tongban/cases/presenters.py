"""Plain dicts of a case for the API and the pages (personal data masked, actions per viewer)."""

from datetime import date

from tongban.core.clock import local_date
from tongban.core.masking import mask_id_number
from tongban.rules import rule_value

from .deadlines import deadline_status
from .models import Case
from .queries import timeline
from .services.transitions import roles_of
from . import events as case_events


def yellow_days_of(case: Case, today: date) -> int:
    """黄牌 days for the case's item, department and region (rules: nearest scope wins). Callers
    load the case with its item and region (queries.py select them): no query per row."""
    return rule_value("case.yellow_card_working_days", on=today, region=case.region, department=case.department,
                      item=case.item)


def status_of(case: Case, today: date) -> str:
    """The card from the stored columns only: due date, paused state, decision and closing time."""
    return deadline_status(
        due_date=case.due_date, is_paused=case.is_paused, paused_until=case.paused_until, today=today,
        decided_on=local_date(case.decided_at) if case.decided_at else None, closed=case.completed_at is not None,
        yellow_days=yellow_days_of(case, today), region=case.region.path).value


def masked_code(case: Case) -> str:
    return mask_id_number(case.applicant_id_number) if case.applicant_kind == "person" else case.applicant_id_number


def case_payload(case: Case, *, viewer, today: date) -> dict:
    workflow = case.workflow.workflow
    roles = roles_of(viewer, case) if viewer is not None and viewer.is_authenticated else set()
    return {
        "number": case.number, "item_code": case.item.implementation_code, "item_name": case.item_version.name,
        "item_version": case.item_version.number, "department_code": case.department.code,
        "status": case.status, "status_label": workflow.label_of(case.status), "row_version": case.row_version,
        "channel": case.channel, "applicant_name": case.applicant_name, "applicant_code": masked_code(case),
        "submitted_at": case.submitted_at, "accepted_on": case.accepted_on, "due_date": case.due_date,
        "due_date_provisional": case.due_date_provisional, "deadline_status": status_of(case, today),
        "is_paused": case.is_paused, "paused_until": case.paused_until, "decision": case.decision,
        "precheck": case.form_data.get("precheck", {}),
        "materials": [{"material_id": m.material_id, "name": m.name, "provision": m.provision,
                       "file_id": m.file.public_id if m.file_id else None}
                      for m in case.materials.select_related("file")],
        "pauses": [{"kind": p.kind, "procedure": p.procedure, "started_on": p.started_on, "ended_on": p.ended_on,
                    "max_duration": p.max_duration, "unit": p.unit} for p in case.pauses.all()],
        "tasks": [{"department_code": t.department.code, "department_name": t.department.name, "is_lead": t.is_lead,
                   "status": t.status, "opinion": t.opinion} for t in case.tasks.select_related("department")],
        "notices": [{"kind": n.kind, "number": n.number, "issued_at": n.issued_at,
                     "verification_code": n.verification_code} for n in case.notices.all()],
        "available_actions": [{"action": t.action, "label": t.label}
                              for t in workflow.allowed(case.status, roles)],
    }


def transition_payload(case: Case, *, viewer, today: date) -> dict:
    """Built from the case in memory: the hot write path issues no extra reads for its reply."""
    workflow = case.workflow.workflow
    return {
        "number": case.number, "status": case.status, "status_label": workflow.label_of(case.status),
        "row_version": case.row_version, "accepted_on": case.accepted_on, "due_date": case.due_date,
        "due_date_provisional": case.due_date_provisional,
        "deadline_status": status_of(case, today), "is_paused": case.is_paused, "decision": case.decision,
        "available_actions": [{"action": t.action, "label": t.label}
                              for t in workflow.allowed(case.status, roles_of(viewer, case))],
    }


def queue_row(case: Case, today: date) -> dict:
    return {"number": case.number, "item_name": case.item_version.name, "applicant_name": case.applicant_name,
            "status": case.status, "submitted_at": case.submitted_at, "due_date": case.due_date,
            "due_date_provisional": case.due_date_provisional, "deadline_status": status_of(case, today)}


ACTION_LABELS = {case_events.SUBMITTED: "提交申请", case_events.TASK_COMPLETED: "部门出具意见",
                 case_events.MATERIALS_HANDED_IN: "补交材料"}


def timeline_payload(case: Case) -> list[dict]:
    """One row per state change; the step's label depends on the state it was taken from
    (补正 at the window and in review share the action name)."""
    workflow = case.workflow.workflow
    rows = []
    for entry in timeline(case):
        action = entry.action.removeprefix(case_events.PREFIX)
        step = workflow.find((entry.before or {}).get("status", ""), action)
        rows.append({"at": entry.created_at, "action": entry.action,
                     "label": step.label if step else ACTION_LABELS.get(entry.action, action),
                     "status_label": workflow.label_of((entry.after or {}).get("status", ""))})
    return rows


def tracking_payload(case: Case) -> dict:
    """What anyone holding the number and 4 digits may see: no personal data beyond the item."""
    return {"number": case.number, "item_name": case.item_version.name, "department_name": case.department.name,
            "status_label": case.workflow.workflow.label_of(case.status), "submitted_at": case.submitted_at,
            "due_date": case.due_date, "timeline": timeline_payload(case)}

"""Case pages shared by every side: the case page (办件详情) with its actions, and the submission
helper used by online, window and helper applications.

Pages mirror api.py: the same scopes, queries, presenters and services, so a refusal reads the
same on the page (a form error next to the field, or a message) as in problem+json.
"""

import uuid
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from tongban.accounts.constants import DEPARTMENT_ROLES, Role
from tongban.audit.idempotency import run_once
from tongban.catalog.constants import SpecialProcedureKind
from tongban.core.errors import DomainError, InvalidInput
from tongban.workdays.errors import CalendarNotPublished

from .. import errors, services
from ..constants import (
    Channel, CommitmentKind, CommitmentStatus, Delivery, NoticeKind, PauseKind, Provision, TaskStatus,
)
from ..forms import ApplicationForm, TaskForm, TransitionForm
from ..models import Case, CasePickup, CaseTask, WorkflowDefinition
from ..presenters import case_payload, queue_row, timeline_payload
from ..reuse import reused_licences
from ..scopes import cases_for
from ..services.transitions import local_today, proposal_entry

CALENDAR_MISSING = "工作日历尚未载入，暂时无法推算办结期限，请联系系统管理员。"

# The inputs each action asks for, beyond the hidden action and expected_version.
ACTION_FIELDS: dict[str, tuple[str, ...]] = {
    "request_correction": ("materials", "reason"),
    "reject": ("reason",),  # 签发: the proposal carries reason and legal basis
    "deny": ("reason",),
    "approve": ("reason",),
    "propose_rejection": ("reason", "legal_basis"),
    "propose_denial": ("reason", "legal_basis"),
    "propose_approval": ("reason",),
    "return_proposal": ("reason",),
    "start_special_procedure": ("procedure", "reason"),
    "deliver": ("delivery",),
    "withdraw": ("reason",),
    "suspend": ("reason",),
    "terminate": ("reason",),
    "revoke": ("reason",),
}
FIELD_LABELS = {
    "materials": "需补正的材料（每行一项，一次性告知）",
    "legal_basis": "法律依据",
    "procedure": "特别程序",
    "delivery": "送达方式",
}
REASON_LABELS = {
    "request_correction": "补正说明（可选）", "approve": "审查意见（可选）", "withdraw": "撤回原因（可选）",
    "start_special_procedure": "启动事由（可选）", "propose_approval": "拟办意见（可选）",
    "return_proposal": "退回理由",
}
SIGN_OFF_NOTE = "签发意见（可选）"
CONFIRM_REQUIRED = "此操作不可撤销：请勾选确认后再提交。"
DEADLINE_BADGES = {"normal": "正常", "yellow": "黄牌", "red": "红牌", "paused": "暂停计时", "none": "未计时",
                   "on_time": "按时办结", "late": "超期办结"}
RESUBMITTED_CHANGED = "此申请表已经提交过，但内容与上次不同：已为您换用新的提交凭据，请核对后再次提交。"


def is_partial(request: HttpRequest) -> bool:
    """An htmx swap asks for a fragment; a history restore after a cache miss wants the page."""
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-History-Restore-Request") != "true")


def case_rows(cases, today: date) -> list[dict]:
    """Queue rows (presenters.queue_row) with the labels and version a list page shows."""
    workflows = {definition.id: definition.workflow for definition in WorkflowDefinition.objects.all()}
    rows = []
    for case in cases:
        row = queue_row(case, today)
        row.update(status_label=workflows[case.workflow_id].label_of(case.status),
                   awaiting_pickup=workflows[case.workflow_id].has_tag(case.status, "awaiting_pickup"),
                   row_version=case.row_version,
                   deadline_label=DEADLINE_BADGES.get(row["deadline_status"], ""))
        rows.append(row)
    return rows


def show_error(form, error: DomainError) -> None:
    """Put a service refusal on the form: next to the field it names, else above the form."""
    if error.code == "idempotency.key_reused":
        # Back button, edit, submit again: a new key makes it a new application, on purpose.
        form.data = form.data.copy()
        form.data["idempotency_key"] = uuid.uuid4().hex
        form.add_error(None, RESUBMITTED_CHANGED)
        return
    problems = getattr(error, "errors", None) or [error]
    for problem in problems:
        form.add_error(form.field_of(problem.field), problem.message)


def form_accepted(form: ApplicationForm, *, actor) -> bool:
    """Validate an application and store its files, showing every problem at once; the good
    files are kept on the form (forms.KeepsUploads) whatever else was wrong."""
    valid = form.is_valid()
    if problems := form.keep_uploads(actor=actor, now=timezone.now()):
        show_error(form, InvalidInput(problems, code="case.uploads_refused"))
    return valid and not problems


def submit_application(request: HttpRequest, form: ApplicationForm, *, item_code: str, channel: str,
                       applicant, window=None) -> str:
    """Submit the case once per Idempotency-Key (files stored by form_accepted); the case number.

    A double click stores its files twice but is one request (the fingerprint names files by
    content) and returns the first case instead of a second.
    """
    now = timezone.now()
    if problems := form.keep_uploads(actor=request.user, now=now):
        raise InvalidInput(problems, code="case.uploads_refused")

    def produce() -> tuple[int, dict]:
        case = services.submit_case(
            actor=request.user, item_code=item_code, applicant=applicant(), channel=channel, now=now,
            materials=form.material_inputs(), commitment=form.commitment_input(), window=window,
        )
        return 201, {"number": case.number}

    payload = {"item_code": item_code, "channel": channel, **form.fingerprint()}
    _status, body = run_once(key=form.cleaned_data.get("idempotency_key") or None,
                             scope="cases.submit_page", user=request.user, payload=payload, now=now,
                             produce=produce)
    return body["number"]


def submitted_or_shown(request: HttpRequest, form: ApplicationForm, **submission) -> str | None:
    """submit_application, or None with the refusal shown on the form (a DomainError by its field,
    a missing working-day calendar above the form)."""
    try:
        return submit_application(request, form, **submission)
    except DomainError as error:
        show_error(form, error)
    except CalendarNotPublished:
        form.add_error(None, CALENDAR_MISSING)
    return None


def case_for_viewer(request: HttpRequest, number: str) -> Case:
    """The case if the viewer may see it (scopes.cases_for), else 404 — never a hint it exists."""
    case = (cases_for(request.user)
            .select_related("item", "item_version", "department", "region", "workflow", "helper",
                            "intake_clerk", "intake_window", "enterprise")
            .filter(number=number[:50]).first())
    if case is None:
        raise Http404("未找到该办件，或不在您的办理范围内。")
    return case


def _is_other_department(user, case: Case) -> bool:
    """Staff of a 并联审批 co-department only give their opinion; the lead department decides."""
    return user.role in DEPARTMENT_ROLES and case.department_id != user.department_id


def _reason_label(action: str, case: Case) -> str:
    """A step another person signs (签发) asks for the signer's note, whatever the action is called."""
    step = case.workflow.workflow.find(case.status, action)
    if step is not None and "signed_by_other" in step.guards:
        return SIGN_OFF_NOTE
    return REASON_LABELS.get(action, "理由")


def _action_fields(action: str, case: Case, values: dict, field_errors: dict) -> list[dict]:
    """The inputs of one action form, with what was typed and the error of a refused attempt."""
    fields = []
    for name in ACTION_FIELDS.get(action, ()):
        field = {
            "name": name, "id": f"{action}-{name}", "value": values.get(name, ""),
            "error": field_errors.get(name),
            "label": _reason_label(action, case) if name == "reason" else FIELD_LABELS[name],
            "widget": "textarea" if name in ("materials", "reason", "legal_basis") else "select",
        }
        if name == "procedure":  # only the special procedures the item's guide lists
            field["choices"] = [
                (p.kind, f"{SpecialProcedureKind(p.kind).label}（最长 {p.max_duration} "
                         f"{'个工作日' if p.unit == 'working' else '日'}）")
                for p in case.item_version.specialprocedures.all()]
        elif name == "delivery":
            field["choices"] = [(way, way.label) for way in (Delivery.POST, Delivery.ELECTRONIC)]
        fields.append(field)
    return fields


def _labelled(payload: dict, case: Case) -> dict:
    """The API payload with the Chinese labels a page needs beside each code."""
    files = {f.public_id: f.original_name for f in case.files.all()}
    licence_types = dict(case.materials.filter(provision=Provision.LICENSE)
                         .values_list("material_id", "material__license_type__code"))
    reused = reused_licences(case.applicant_id_number, set(licence_types.values()))
    for material in payload["materials"]:
        material["provision_label"] = Provision(material["provision"]).label
        material["file_name"] = files.get(material["file_id"], "")
        material["licence"] = reused.get(licence_types.get(material["material_id"], ""))
    for pause in payload["pauses"]:
        pause["kind_label"] = PauseKind(pause["kind"]).label
        procedure = pause["procedure"]
        pause["procedure_label"] = (SpecialProcedureKind(procedure).label
                                    if procedure in SpecialProcedureKind.values else procedure)
    for task in payload["tasks"]:
        task["status_label"] = TaskStatus(task["status"]).label
    for notice in payload["notices"]:
        notice["kind_label"] = NoticeKind(notice["kind"]).label
    payload["channel_label"] = Channel(payload["channel"]).label
    payload["deadline_label"] = DEADLINE_BADGES.get(payload["deadline_status"], "")
    return payload


def detail_context(request: HttpRequest, case: Case, *, today: date, failed_action: str = "",
                   values: dict | None = None, field_errors: dict | None = None,
                   task_form: TaskForm | None = None) -> dict:
    """Everything the case page shows: the API payload, labels, history and the viewer's actions."""
    user = request.user
    payload = _labelled(case_payload(case, viewer=user, today=today), case)
    actions = [] if _is_other_department(user, case) else payload["available_actions"]
    forms = []
    for entry in actions:
        failed = entry["action"] == failed_action
        fields = _action_fields(entry["action"], case, (values or {}) if failed else {},
                                (field_errors or {}) if failed else {})
        # 领取 needs the collector's identity check: its own page, not a one-click form
        url = reverse("cases:pickup", args=[case.number]) if entry["action"] == "pick_up" else ""
        forms.append({"action": entry["action"], "label": entry["label"], "fields": fields, "url": url})
    workflow = case.workflow.workflow
    for form in forms:  # 不予, 终止, 撤回 …: danger style, and a confirmation the server checks
        step = workflow.find(case.status, form["action"])
        form["destructive"] = bool(step and step.destructive)
        form["confirm_error"] = (field_errors or {}).get("confirm") if form["action"] == failed_action else None
    task = None
    if user.role in (Role.REVIEWER, Role.DEPARTMENT_HEAD):
        task = CaseTask.objects.filter(case=case, department_id=user.department_id,
                                       is_lead=False).first()
    task_open = (task is not None and task.status == TaskStatus.PENDING
                 and workflow.has_tag(case.status, "co_review"))
    return {
        "case": case, "payload": payload, "timeline": timeline_payload(case), "action_forms": forms,
        "my_task": task, "task_open": task_open,
        "proposal": proposal_of(case) if workflow.has_tag(case.status, "sign_off") else None,
        "task_form": task_form or TaskForm(initial={"expected_version": case.row_version}),
        "commitments": [{"kind": CommitmentKind(c.kind).label, "materials": "、".join(c.materials),
                         "signed_name": c.signed_name, "due_date": c.due_date,
                         "status": CommitmentStatus(c.status).label, "broken": c.status == CommitmentStatus.BROKEN,
                         "notification": c.kind == CommitmentKind.NOTIFICATION, "text": c.text,
                         "liability": c.liability, "note": c.resolution_note,
                         "form_version": c.template_version.number if c.template_version_id else None}
                        for c in case.commitments.select_related("template_version")],
        "is_staff_view": not user.is_public,
        "pickup": CasePickup.objects.filter(case=case).select_related("clerk").first()
        if case.picked_up_at else None,
    }


def proposal_of(case: Case) -> dict | None:
    """待签发: the proposal the department head signs or returns (the step into this state)."""
    entry = proposal_entry(case)
    if entry is None:
        return None
    after = entry.after or {}
    return {"by": entry.actor_label, "at": entry.created_at, "reason": after.get("reason", ""),
            "legal_basis": after.get("legal_basis", "")}


@require_GET
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    """办件详情 — status, time limit, materials, pauses, tasks, notices, history and my actions."""
    case = case_for_viewer(request, number)
    context = detail_context(request, case, today=local_today(timezone.now()))
    return render(request, "cases/case_detail.html", context)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}):
        return target
    return ""


def _refused(request: HttpRequest, number: str, *, message: str, status: int, action: str = "",
             values: dict | None = None, field_errors: dict | None = None,
             task_form: TaskForm | None = None) -> HttpResponse:
    """Show the refusal on the freshly loaded case (its current version), or back where the form was.

    An error about one of the action's own inputs sits next to that input; anything else (409,
    a role refusal, a pending 并联审批) is a message above the page.
    """
    if next_url := _safe_next(request):
        messages.error(request, message or "；".join((field_errors or {}).values()))
        return redirect(next_url)
    if message:
        messages.error(request, message)
    case = case_for_viewer(request, number)
    context = detail_context(request, case, today=local_today(timezone.now()), failed_action=action,
                             values=values, field_errors=field_errors, task_form=task_form)
    return render(request, "cases/case_detail.html", context, status=status)


@require_POST
def case_transition(request: HttpRequest, number: str) -> HttpResponse:
    """One step of the workflow (受理, 补正, 准予 …) from a small form on the case page."""
    case = case_for_viewer(request, number)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        problems = "；".join(error for field in form.errors.values() for error in field)
        return _refused(request, case.number, message=problems, status=422)
    command = form.command()
    values = {name: request.POST.get(name, "") for name in ACTION_FIELDS.get(command.action, ())}
    step = case.workflow.workflow.find(case.status, command.action)
    if step is not None and step.destructive and request.POST.get("confirm") != "yes":
        return _refused(request, number, message="", status=422, action=command.action, values=values,
                        field_errors={"confirm": CONFIRM_REQUIRED})
    try:
        case = services.transition_case(actor=request.user, case_number=case.number,
                                        command=command, now=timezone.now())
    except DomainError as error:
        if error.field in ACTION_FIELDS.get(command.action, ()):
            return _refused(request, number, message="", status=error.status, action=command.action,
                            values=values, field_errors={error.field: error.message})
        return _refused(request, number, message=error.message, status=error.status,
                        action=command.action, values=values)
    except CalendarNotPublished:
        return _refused(request, number, message=CALENDAR_MISSING, status=503,
                        action=command.action, values=values)
    label = case.workflow.workflow.label_of(case.status)
    messages.success(request, f"办件 {case.number} 已办理，当前状态：{label}。")
    return redirect(_safe_next(request) or reverse("cases:detail", args=[case.number]))


@require_POST
def case_task(request: HttpRequest, number: str) -> HttpResponse:
    """本部门出具意见 — a 并联审批 department's opinion (services.complete_task)."""
    case = case_for_viewer(request, number)
    form = TaskForm(request.POST)
    if not form.is_valid():
        return _refused(request, case.number, message="", status=422, task_form=form)
    if form.cleaned_data["expected_version"] != case.row_version:
        stale = errors.stale_version(case.row_version, case.workflow.workflow.label_of(case.status))
        return _refused(request, case.number, message=stale.message, status=stale.status)
    try:
        services.complete_task(actor=request.user, case_number=case.number,
                               approve=form.cleaned_data["approve"],
                               opinion=form.cleaned_data["opinion"], now=timezone.now())
    except DomainError as error:
        if error.field == "opinion":
            form.add_error("opinion", error.message)
            return _refused(request, case.number, message="", status=error.status, task_form=form)
        return _refused(request, case.number, message=error.message, status=error.status)
    messages.success(request, f"已对办件 {case.number} 出具本部门意见。")
    return redirect("cases:detail", case.number)

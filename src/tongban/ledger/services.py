"""工作台账 services: import a plan, correct its extraction, publish it, report progress.

Plain functions ``(…, *, actor, now)``; each runs in one transaction and audits its change.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from tongban.accounts.models import Department, Region
from tongban.audit.services import record
from tongban.core.clock import local_date, local_month
from tongban.events.services import emit

from . import errors
from . import events as ev
from .models import DepartmentAlias, Plan, PlanStatus, ProgressReport, Task, TaskStatus, TaskUnit, UnitRole
from .parsing import UnitTable, extract_text, parse_plan
from .parsing.plan import plan_title
from .parsing.sources import UnreadableDocument

MAX_UPLOAD = 20 * 1024 * 1024  # bytes; an upload guard, not a seed number


def unit_table(region: Region | None = None) -> UnitTable:
    """The department table (names, short names, learned aliases) the parser normalises against."""
    departments = Department.objects.all()
    if region is not None:
        departments = departments.filter(region__in=Region.objects.filter(path__startswith=region.path[:7]))
    names, shorts, districts = [], {}, set()
    for d in departments.select_related("region"):
        names.append(d.name)
        shorts[d.name] = d.short_name
        districts.add(d.region.name.removesuffix("区"))
    aliases = {a.alias: a.department.name for a in DepartmentAlias.objects.select_related("department")
               .filter(**({"region": region} if region is not None else {}))}
    return UnitTable(names, aliases, shorts, districts)


def _departments_by_name(region: Region) -> dict[str, Department]:
    return {d.name: d for d in Department.objects.filter(region=region)}


def import_plan(*, data: bytes, filename: str, region: Region, actor, now) -> Plan:
    """Read an uploaded plan and store its extraction as a draft ledger (staff review it next)."""
    if len(data) > MAX_UPLOAD:
        raise errors.plan_too_large()
    if b"\x00" in data and not filename.lower().endswith((".docx", ".pdf")):
        raise errors.unreadable_plan("文件含有非法字符")
    try:
        text, pages = extract_text(data, filename)
    except UnreadableDocument as exc:
        raise errors.unreadable_plan(str(exc)) from exc
    text = text.replace("\x00", "")
    parsed = parse_plan(text, table=unit_table(region), pages=pages)
    title = plan_title(parsed.text, filename)
    departments = _departments_by_name(region)
    with transaction.atomic():
        plan = Plan.objects.create(region=region, title=title, source_name=filename[:200], text=parsed.text,
                                   year=parsed.year, pages=pages, created_by=actor, created_at=now)
        units = []
        for seq, t in enumerate(parsed.tasks, start=1):
            task = Task.objects.create(
                plan=plan, seq=seq, numbering=t.numbering[:100], title=t.title[:200], text=t.text,
                deadline=t.deadline, open_ended=t.open_ended,
                milestones=[m.isoformat() for m in t.milestones],
                indicators=[i.as_dict() for i in t.indicators], uncertain=t.uncertain, notes=t.notes,
                start=t.start, end=t.end)
            for role, refs in ((UnitRole.LEAD, t.lead), (UnitRole.RESPONSIBLE, t.responsible)):
                for ref in refs:
                    units.append(TaskUnit(task=task, role=role, name=ref.name[:100], raw=ref.raw[:100],
                                          department=departments.get(ref.name), collective=ref.collective))
        TaskUnit.objects.bulk_create(units)
        record(actor=actor, action=ev.PLAN_IMPORTED, target=plan, now=now,
               after={"title": plan.title, "tasks": len(parsed.tasks), "pages": pages})
    return plan


def correct_task(task: Task, *, title: str | None = None, deadline=None, clear_deadline: bool = False,
                 lead: list[int] | None = None, responsible: list[int] | None = None,
                 learn: dict[str, int] | None = None, actor, now) -> Task:
    """Staff fix the extraction of one task; ``learn`` maps a written name to a department to remember."""
    with transaction.atomic():
        task = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
        if task.plan.status != PlanStatus.DRAFT:
            raise errors.plan_not_draft()
        region = task.plan.region
        allowed = {d.pk: d for d in Department.objects.filter(region=region)}
        before = _snapshot(task)
        if title is not None and title.strip():
            task.title = title.strip()[:200]
        if clear_deadline:
            task.deadline = None
        elif deadline is not None:
            task.deadline = deadline
            task.open_ended = False
        for role, ids in ((UnitRole.LEAD, lead), (UnitRole.RESPONSIBLE, responsible)):
            if ids is None:
                continue
            if any(i not in allowed for i in ids):
                raise errors.unknown_department()
            keep = task.units.filter(role=role, department__isnull=True, collective=True)
            task.units.filter(role=role).exclude(pk__in=keep).delete()
            TaskUnit.objects.bulk_create([TaskUnit(task=task, role=role, name=allowed[i].name, raw=allowed[i].name,
                                                   department=allowed[i]) for i in ids])
        for alias, department_id in (learn or {}).items():
            department = allowed.get(department_id)
            alias = alias.strip()[:100]
            if not department or not alias or alias == department.name:
                raise errors.unknown_department()
            learned, created = DepartmentAlias.objects.update_or_create(
                region=region, alias=alias,
                defaults={"department": department, "created_by": actor, "created_at": now})
            record(actor=actor, action=ev.ALIAS_LEARNED, target=learned, now=now,
                   after={"alias": alias, "department": department.name})
            # reuse at once: every unit of this draft written that way now points to the department
            TaskUnit.objects.filter(task__plan=task.plan, raw=alias).update(department=department,
                                                                             name=department.name)
        task.uncertain = [u for u in task.uncertain if not _fixed(u, title, deadline, clear_deadline, lead,
                                                                     responsible, learn)]
        task.save()
        record(actor=actor, action=ev.TASK_CORRECTED, target=task, now=now, before=before, after=_snapshot(task))
    return task


def _fixed(field, title, deadline, clear_deadline, lead, responsible, learn) -> bool:
    return ((field == "deadline" and (deadline is not None or clear_deadline))
            or (field == "lead" and bool(lead)) or (field == "units" and (lead is not None or responsible is not None
                                                                            or bool(learn))))


def _snapshot(task: Task) -> dict:
    return {
        "title": task.title,
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "lead": [u.name for u in task.units.all() if u.role == UnitRole.LEAD],
        "responsible": [u.name for u in task.units.all() if u.role == UnitRole.RESPONSIBLE],
    }


def publish_plan(plan: Plan, *, actor, now) -> Plan:
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != PlanStatus.DRAFT:
            raise errors.plan_not_draft()
        count = plan.tasks.count()
        if not count:
            raise errors.no_tasks()
        plan.status = PlanStatus.PUBLISHED
        plan.published_at = now
        plan.save(update_fields=["status", "published_at"])
        record(actor=actor, action=ev.PLAN_PUBLISHED, target=plan, now=now,
               before={"status": PlanStatus.DRAFT}, after={"status": PlanStatus.PUBLISHED, "tasks": count})
        emit(ev.TOPIC_PLAN_PUBLISHED, stream=f"ledger.plan:{plan.pk}", payload={"plan": plan.pk, "tasks": count},
             now=now)
    return plan


def report_progress(task: Task, *, department: Department, text: str, completed: bool, evidence=None,
                    actor, now) -> ProgressReport:
    """A unit reports progress on a task it leads or is responsible for (this month's period)."""
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise errors.empty_report()
    with transaction.atomic():
        task = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
        if task.plan.status != PlanStatus.PUBLISHED or not task.units.filter(department=department).exists():
            raise errors.not_your_task()
        report = ProgressReport(task=task, department=department, period=local_month(now), text=text[:5000],
                                completed=completed, created_by=actor, created_at=now)
        if evidence is not None:
            report.evidence = evidence
        report.save()
        record(actor=actor, action=ev.PROGRESS_REPORTED, target=report, now=now,
               after={"task": task.pk, "department": department.name, "completed": completed,
                      "period": report.period.isoformat(), "evidence": bool(evidence)})
    return report


def overdue(task: Task, *, now) -> bool:
    return task.status == TaskStatus.OPEN and task.deadline is not None and task.deadline < local_date(now)


def reminder_days(*, on, region=None) -> int:
    from tongban.rules.book import rule_value

    return int(rule_value("ledger.reminder_working_days", on=on, region=region))


def _working_days_left(today, deadline) -> int:
    from tongban import workdays

    try:
        return workdays.default_calendar().working_days_between(today, deadline)
    except workdays.CalendarNotPublished:
        return workdays.provisional_calendar(today, deadline).working_days_between(today, deadline)


def due_soon_ids(tasks, *, today, region=None) -> set[int]:
    """Open tasks whose deadline is today or within the rule's N working days (提醒)."""
    days = reminder_days(on=today, region=region)
    return {t.pk for t in tasks if t.status == TaskStatus.OPEN and t.deadline is not None and t.deadline >= today
            and _working_days_left(today, t.deadline) <= days}


def send_reminders(*, now) -> int:
    """Daily job: one ``ledger.task_due_soon`` event per open task and unit entering its reminder window,
    one ``ledger.task_overdue`` per task the day after its deadline. Idempotent per task and day."""
    from tongban.events.models import OutboxEvent

    today = local_date(now)
    tasks = list(Task.objects.filter(plan__status=PlanStatus.PUBLISHED, status=TaskStatus.OPEN,
                                     deadline__isnull=False, deadline__gte=today - _ONE_DAY)
                 .select_related("plan").order_by("deadline")[:5000])
    soon = due_soon_ids(tasks, today=today)
    sent = 0
    with transaction.atomic():
        for task in tasks:
            topic = ev.TOPIC_TASK_OVERDUE if task.deadline < today else (ev.TOPIC_TASK_DUE_SOON
                                                                         if task.pk in soon else None)
            if topic is None:
                continue
            stream = f"ledger.task:{task.pk}"
            if OutboxEvent.objects.filter(topic=topic, stream=stream, payload__deadline=task.deadline.isoformat()
                                          ).exists():
                continue
            departments = sorted({u.department_id for u in task.units.all() if u.department_id})
            emit(topic, stream=stream, now=now, payload={"task": task.pk, "deadline": task.deadline.isoformat(),
                                                         "departments": departments})
            sent += 1
    return sent


_ONE_DAY = timedelta(days=1)  # natural days: the day after a deadline is overdue

"""Read side of cases: queues with keyset pages, the applicant's cases, public tracking."""

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery

from tongban.accounts.constants import DEPARTMENT_ROLES, Role

from .deadlines import yellow_line
from tongban.audit.models import AuditEntry
from tongban.audit.services import stream_of

from .constants import IN_PROGRESS_STATUSES, TaskStatus
from .models import Case, CaseTask
from .numbering import normalise_case_number
from .scopes import cases_for
from .states import states_tagged

IN_PROGRESS = IN_PROGRESS_STATUSES
# queue -> its states, by the tags the workflow data declares
QUEUES = {"waiting": states_tagged("waiting"), "in_progress": IN_PROGRESS, "sign_off": states_tagged("sign_off"),
          "results": states_tagged("result")}


@dataclass(frozen=True)
class QueuePage:
    cases: list[Case]
    next_cursor: str | None


def _queue_base(actor) -> QuerySet[Case]:
    """The queue a user works from: their department's cases, or their region's for window staff.

    Cases where the department is only a 并联审批 partner are listed by pending_tasks, so the
    department filter here stays a plain indexed equality.
    """
    cases = Case.objects.select_related("item", "item_version", "department", "region")
    if actor.role == Role.ADMIN:
        return cases
    if actor.role in DEPARTMENT_ROLES:
        return cases.filter(department_id=actor.department_id)
    if actor.role in (Role.INTAKE_CLERK, Role.SUPERVISOR) and actor.region_id:
        return cases.filter(region__path__startswith=actor.region.path)
    return cases.none()


def queue(actor, *, name: str, today: date, yellow_days: int, after: str = "", limit: int = 50,
          flag: str = "") -> QueuePage:
    """待受理 (oldest first), 办理中 (most urgent first) or 待出件; optional 黄牌/红牌 filter.

    Keyset order: in-progress cases by (due_date, id), others by id — both served by
    case_queue_idx (department, status, due_date, id).
    """
    cases = _queue_base(actor).filter(status__in=QUEUES.get(name, IN_PROGRESS))
    if flag:
        # as deadlines.deadline_status: decided cases carry no card; a special procedure past
        # its maximum runs against its due date again
        running = Q(is_paused=False) | Q(paused_until__lt=today)
        cases = cases.filter(running, decided_at__isnull=True, completed_at__isnull=True)
    if flag == "red":
        cases = cases.filter(due_date__lt=today)
    elif flag == "yellow":
        cases = cases.filter(due_date__gte=today, due_date__lte=yellow_line(today=today, yellow_days=yellow_days))
    by_due = name == "in_progress"
    if after:
        due_text, _, id_text = after.partition("_")
        if by_due and due_text and id_text.isdigit():
            due = date.fromisoformat(due_text)
            cases = cases.filter(Q(due_date__gt=due) | Q(due_date=due, id__gt=int(id_text)))
        elif id_text.isdigit():
            cases = cases.filter(id__gt=int(id_text))
    ordering = ["due_date", "id"] if by_due else ["id"]
    page = list(cases.order_by(*ordering)[: limit + 1])
    next_cursor = None
    if len(page) > limit:
        last = page[limit - 1]
        next_cursor = f"{last.due_date.isoformat() if by_due and last.due_date else ''}_{last.id}"
    return QueuePage(page[:limit], next_cursor)


def track(number: str, last_four: str) -> Case | None:
    """Public tracking: the 办件编号 plus the last 4 of the phone or the ID/USCC."""
    case = Case.objects.select_related("item_version", "department", "workflow").filter(number=normalise_case_number(number)).first()
    if case is None or len(last_four) != 4:
        return None
    if last_four.upper() in (case.applicant_phone[-4:], case.applicant_id_number[-4:].upper()):
        return case
    return None


def my_cases(actor, *, after: int | None, limit: int) -> list[Case]:
    """我的办件 — newest first; one more than `limit` so the caller knows a next page exists."""
    cases = cases_for(actor).select_related("item", "item_version", "department", "region").order_by("-id")
    if after:
        cases = cases.filter(id__lt=after)
    return list(cases[: limit + 1])


def timeline(case: Case) -> list[AuditEntry]:
    """The case's history is its audit chain: one row per state change, in order."""
    return list(AuditEntry.objects.filter(stream=stream_of(case)).order_by("sequence"))


def pending_tasks(actor, *, limit: int = 50) -> list[Case]:
    """并联审批 cases led by another department that wait for this department's opinion."""
    if actor.role not in DEPARTMENT_ROLES or not actor.department_id:
        return []
    own_due = CaseTask.objects.filter(case=OuterRef("pk"), department_id=actor.department_id).values("due_date")
    return list(Case.objects.select_related("item", "item_version", "department", "region").filter(
        status__in=states_tagged("co_review"), tasks__department_id=actor.department_id, tasks__is_lead=False,
        tasks__status=TaskStatus.PENDING).annotate(task_due_date=Subquery(own_due[:1]))
        .order_by("due_date", "id")[:limit])

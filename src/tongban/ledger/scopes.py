"""Scope-checking accessors: an object outside the user's scope does not exist for them (404)."""

from django.http import Http404

from tongban.accounts.constants import Role
from tongban.accounts.scopes import regions_for

from .models import Plan, Task


def plans_for(user):
    if user.role == Role.LEADER and user.region_id:  # 区领导 read their region's ledgers
        return Plan.objects.filter(region__path__startswith=user.region.path)
    return Plan.objects.filter(region__in=regions_for(user))


def plan_for(user, plan_id) -> Plan:
    try:
        return plans_for(user).get(pk=int(plan_id))
    except (Plan.DoesNotExist, ValueError, OverflowError) as exc:
        raise Http404 from exc


def office_task(user, plan: Plan, task_id) -> Task:
    try:
        return plan.tasks.get(pk=int(task_id))
    except (Task.DoesNotExist, ValueError, OverflowError) as exc:
        raise Http404 from exc


def unit_tasks(user):
    if user.role not in (Role.REVIEWER, Role.DEPARTMENT_HEAD) or not user.department_id:
        return Task.objects.none()
    return Task.objects.filter(plan__status="published", units__department_id=user.department_id).distinct()


def unit_task(user, task_id) -> Task:
    try:
        return unit_tasks(user).select_related("plan").get(pk=int(task_id))
    except (Task.DoesNotExist, ValueError, OverflowError) as exc:
        raise Http404 from exc

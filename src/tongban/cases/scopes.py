"""Which cases a user may see and act on — the one place that decides it."""

from django.db.models import Q, QuerySet

from tongban.accounts.constants import DEPARTMENT_ROLES, Role
from tongban.accounts.models import EnterpriseAgent

from .models import Case


def cases_for(actor) -> QuerySet[Case]:
    cases = Case.objects.all()
    if actor.role == Role.ADMIN:
        return cases
    if actor.role in DEPARTMENT_ROLES:
        return cases.filter(Q(department_id=actor.department_id) | Q(tasks__department_id=actor.department_id)).distinct()
    if actor.role in (Role.INTAKE_CLERK, Role.SUPERVISOR) and actor.region_id:
        return cases.filter(region__path__startswith=actor.region.path)
    if actor.role == Role.HELPER:
        return cases.filter(helper=actor)
    if actor.role in (Role.CITIZEN, Role.ENTERPRISE):
        return cases.filter(Q(applicant=actor) | Q(enterprise__agents__user=actor)).distinct()
    return cases.none()


def is_applicant_side(actor, case: Case) -> bool:
    """The applicant, an agent of the applying enterprise, or the helper who filed it.

    A request asks this up to three times of one case (can_act_on, the transition's roles, the
    reply's available actions), so the agent lookup's answer is kept on the case instance, keyed
    by actor and enterprise."""
    if case.applicant_id == actor.pk or (case.helper_id and case.helper_id == actor.pk):
        return True
    if not case.enterprise_id:
        return False
    key = (actor.pk, case.enterprise_id)
    known = case.__dict__.get("_agent_of_enterprise")
    if known is not None and known[0] == key:
        return known[1]
    agent = EnterpriseAgent.objects.filter(enterprise_id=case.enterprise_id, user=actor).exists()
    case.__dict__["_agent_of_enterprise"] = (key, agent)
    return agent


def can_act_on(actor, case: Case) -> bool:
    if actor.role == Role.ADMIN:
        return True
    if actor.role in DEPARTMENT_ROLES:
        return case.department_id == actor.department_id or case.tasks.filter(department_id=actor.department_id).exists()
    if actor.role in (Role.INTAKE_CLERK, Role.SUPERVISOR):
        return bool(actor.region_id) and case.region.path.startswith(actor.region.path)
    return is_applicant_side(actor, case)

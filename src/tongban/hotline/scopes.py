"""Which tickets a user may see: the centre its regions, a department only its own tickets."""

from django.db.models import QuerySet

from tongban.accounts.constants import DEPARTMENT_ROLES, Role
from tongban.accounts.scopes import regions_for

from . import errors
from .models import Ticket

OPERATOR_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


def is_operator(user) -> bool:
    return user.role in OPERATOR_ROLES


def is_department(user) -> bool:
    return user.role in DEPARTMENT_ROLES


def tickets_for(user) -> QuerySet[Ticket]:
    tickets = Ticket.objects.all()
    if not user.is_authenticated:
        return tickets.none()
    if user.role == Role.ADMIN:
        return tickets
    if user.role == Role.SUPERVISOR:
        return tickets.filter(region__in=regions_for(user))
    if user.role in (Role.REVIEWER, Role.DEPARTMENT_HEAD) and user.department_id:
        return tickets.filter(department_id=user.department_id)
    if user.role in (Role.CITIZEN, Role.ENTERPRISE):
        return tickets.filter(submitted_by=user)
    return tickets.none()


def ticket_for(user, number: str) -> Ticket:
    ticket = (tickets_for(user).select_related("category", "category__parent", "region", "department",
                                               "related_case", "merged_into")
              .filter(number=number[:30]).first())
    if ticket is None:
        raise errors.TICKET_NOT_FOUND
    return ticket

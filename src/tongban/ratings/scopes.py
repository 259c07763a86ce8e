"""Which rectifications a user may see — the one place that decides it."""

from django.db.models import QuerySet

from tongban.accounts.constants import DEPARTMENT_ROLES, Role
from tongban.accounts.scopes import departments_for

from .models import RatingAppeal, Rectification

QUEUE_ROLES = frozenset({*DEPARTMENT_ROLES, Role.SUPERVISOR, Role.INTAKE_CLERK, Role.ADMIN})


def rectifications_for(actor) -> QuerySet[Rectification]:
    """Department staff see their department's; hall staff their region's departments'."""
    if not actor.is_authenticated or actor.role not in QUEUE_ROLES:
        return Rectification.objects.none()
    if actor.role == Role.ADMIN:
        return Rectification.objects.all()
    return Rectification.objects.filter(department__in=departments_for(actor))


def appeals_for(actor) -> QuerySet[RatingAppeal]:
    """The same reach as 整改: the department its own appeals, the centre its region's departments'."""
    if not actor.is_authenticated or actor.role not in QUEUE_ROLES:
        return RatingAppeal.objects.none()
    if actor.role == Role.ADMIN:
        return RatingAppeal.objects.all()
    return RatingAppeal.objects.filter(department__in=departments_for(actor))

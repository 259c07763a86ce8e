"""Scope: which regions, departments and staff a user may see and act on.

Every query that lists or loads organisation data for a user goes through these functions
(after Zulip's access_* chokepoints), so the scope rules are written and tested once.
"""

from django.db.models import Q, QuerySet

from .constants import DEPARTMENT_ROLES, Role
from .models import Department, Region, User

# Staff whose scope is the region subtree they work in, across departments.
REGIONAL_ROLES = frozenset({Role.SUPERVISOR, Role.INTAKE_CLERK, Role.HELPER})


def regions_for(user: User) -> QuerySet[Region]:
    if user.role == Role.ADMIN:
        return Region.objects.all()
    if user.role in REGIONAL_ROLES and user.region_id:
        return Region.objects.subtree(user.region)
    if user.role in DEPARTMENT_ROLES and user.department_id:
        return Region.objects.subtree(user.department.region)
    return Region.objects.none()


def departments_for(user: User) -> QuerySet[Department]:
    """Departments whose work the user may see (cases, queues, staff)."""
    if user.role == Role.ADMIN:
        return Department.objects.all()
    if user.role in DEPARTMENT_ROLES:
        return Department.objects.filter(pk=user.department_id)
    if user.role in REGIONAL_ROLES and user.region_id:
        return Department.objects.filter(region__path__startswith=user.region.path)
    return Department.objects.none()


def staff_for(user: User) -> QuerySet[User]:
    """Staff accounts the user may manage: admins all, supervisors their region, heads their
    department; everyone else none (they see themselves through /me)."""
    staff = User.objects.exclude(role__in=[Role.CITIZEN, Role.ENTERPRISE])
    if user.role == Role.ADMIN:
        return staff
    staff = staff.exclude(role=Role.ADMIN)  # nobody manages the administrators but themselves
    if user.role == Role.SUPERVISOR and user.region_id:
        path = user.region.path
        return staff.filter(Q(region__path__startswith=path) | Q(department__region__path__startswith=path))
    if user.role == Role.DEPARTMENT_HEAD and user.department_id:
        return staff.filter(department_id=user.department_id)
    return staff.none()

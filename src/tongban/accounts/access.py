"""Who may open which URL of the accounts app (collected by tongban.accounts.policy)."""

from .constants import Role
from .policy import ANYONE, SIGNED_IN, STAFF, only

ACCESS_RULES = {
    "accounts:login": ANYONE,
    "accounts:logout": ANYONE,
    "accounts:register": ANYONE,
    "accounts:profile": SIGNED_IN,
    "accounts:staff_list": only(Role.ADMIN, Role.SUPERVISOR, Role.DEPARTMENT_HEAD),
    "accounts:staff_unlock": only(Role.ADMIN, Role.SUPERVISOR, Role.DEPARTMENT_HEAD),
    "api:list_regions": ANYONE,
    "api:list_departments": ANYONE,
    "api:list_halls": ANYONE,
    "api:issue_token": ANYONE,
    "api:register_citizen": ANYONE,
    "api:me": SIGNED_IN,
    "api:register_enterprise": only(Role.ENTERPRISE),
    "api:list_my_enterprises": only(Role.ENTERPRISE, Role.CITIZEN),
    "api:list_staff": only(Role.ADMIN, Role.SUPERVISOR, Role.DEPARTMENT_HEAD),
    "api:get_staff": only(Role.ADMIN, Role.SUPERVISOR, Role.DEPARTMENT_HEAD),
    "api:unlock_staff": only(Role.ADMIN, Role.SUPERVISOR, Role.DEPARTMENT_HEAD),
    "api:list_scoped_departments": STAFF,
}

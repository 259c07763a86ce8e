from tongban.accounts.constants import Role
from tongban.accounts.policy import only

ACCESS_RULES = {
    "audit:entries": only(Role.ADMIN, Role.SUPERVISOR),
    "api:list_audit_entries": only(Role.ADMIN, Role.SUPERVISOR),
}

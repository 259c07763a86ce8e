"""Who may read the metrics: the centre's supervisors and admins see every department, a
department head only their own (enforced in dashboard.department_scope)."""

from tongban.accounts.constants import Role
from tongban.accounts.policy import only

READERS = only(Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.ADMIN)

ACCESS_RULES = {
    "metrics:dashboard": READERS,
    "metrics:export": READERS,
    "api:get_case_metrics": READERS,
}

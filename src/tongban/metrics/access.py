"""Who may read the metrics: district leaders, hall supervisors and admins within their region,
a department head only their own department (enforced in metrics.scopes.bounds)."""

from tongban.accounts.constants import Role
from tongban.accounts.policy import ANYONE, only

READERS = only(Role.LEADER, Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.ADMIN)

ACCESS_RULES = {
    "metrics:dashboard": READERS,
    "metrics:export": READERS,
    "api:get_metrics": READERS,
    "api:list_metric_definitions": ANYONE,  # the definitions are public: anyone may check the sums
}

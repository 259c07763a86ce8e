"""Who may open the rule registry: anyone may read the district's numbers and their sources
(like the metric definitions); 中心管理员 and 系统管理员 set them (their region checked in the service)."""

from tongban.accounts.constants import Role
from tongban.accounts.policy import ANYONE, only

EDITORS = only(Role.SUPERVISOR, Role.ADMIN)

ACCESS_RULES = {
    "rules:list": EDITORS,
    "rules:detail": EDITORS,
    "api:list_rules": ANYONE,
    "api:get_rule": ANYONE,
    "api:set_rule_override": EDITORS,
}

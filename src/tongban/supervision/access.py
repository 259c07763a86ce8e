"""Who may open the 监管 pages and API (one rule per URL name)."""

from tongban.accounts.constants import Role
from tongban.accounts.policy import ANYONE, only

DESK = only(Role.INSPECTOR, Role.DEPARTMENT_HEAD, Role.SUPERVISOR, Role.LEADER, Role.ADMIN)

ACCESS_RULES: dict = {
    "supervision:plans": DESK,  # services.plans_for / inspections_for / tasks_for cut to the scope
    "supervision:public": ANYONE,  # 一公开
    "supervision:credit_query": ANYONE,  # 信用查询 shows only published records
    "api:list_supervision_plans": DESK,
    "api:public_credit": ANYONE,
}

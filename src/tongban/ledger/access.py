"""Who may open the 工作台账 pages and API (one rule per URL name).

The office (中心管理员 for its region, 系统管理员) imports, reviews, publishes and reads the 通报;
区领导 reads; department staff see and report on the tasks their department carries.
"""

from tongban.accounts.constants import Role
from tongban.accounts.policy import only

OFFICE = only(Role.SUPERVISOR, Role.ADMIN)
READERS = only(Role.SUPERVISOR, Role.ADMIN, Role.LEADER)
UNITS = only(Role.REVIEWER, Role.DEPARTMENT_HEAD)

ACCESS_RULES: dict = {
    "ledger:plans": READERS,           # list; the upload form posts here too (office only, checked in the view)
    "ledger:review": READERS,
    "ledger:fix_task": OFFICE,
    "ledger:publish": OFFICE,
    "ledger:bulletin": READERS,
    "ledger:my_tasks": UNITS,
    "ledger:report": UNITS,
    "api:ledger_parse_plan": OFFICE,
}

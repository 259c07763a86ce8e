"""Who may open the 惠企政策 pages and API (one rule per URL name)."""

from tongban.accounts.constants import Role
from tongban.accounts.policy import ANYONE, only

ENTERPRISE = only(Role.ENTERPRISE)
DEPARTMENT = only(Role.REVIEWER, Role.DEPARTMENT_HEAD)
HEAD = only(Role.DEPARTMENT_HEAD)
STAFF = only(Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.SUPERVISOR, Role.LEADER, Role.ADMIN)
#: who sees applications (each in their own scope): the enterprise, the 第三方审核, staff
APPLICATIONS = only(Role.ENTERPRISE, Role.POLICY_AUDITOR, Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.SUPERVISOR,
                    Role.LEADER, Role.ADMIN)
#: who takes steps (the workflow's roles decide which step)
STEPS = only(Role.ENTERPRISE, Role.POLICY_AUDITOR, Role.REVIEWER, Role.DEPARTMENT_HEAD)

ACCESS_RULES = {
    "api:list_policy_programs": ANYONE,
    "api:get_policy_program": ANYONE,
    "api:estimate_policy_amount": ENTERPRISE,
    "api:list_policy_matches": ENTERPRISE,
    "api:list_program_matches": STAFF,
    "api:save_policy_rules": DEPARTMENT,
    "api:submit_policy_application": ENTERPRISE,
    "api:list_policy_applications": APPLICATIONS,
    "api:get_policy_application": APPLICATIONS,
    "api:step_policy_application": STEPS,
    "api:run_policy_auto_grant": DEPARTMENT,
    "api:pay_policy_batch": HEAD,
    "api:get_policy_stats": STAFF,
    # Pages
    "policies:portal": ENTERPRISE,
    "policies:program": ENTERPRISE,
    "policies:program_ops": DEPARTMENT,
    "policies:queue": APPLICATIONS,
    "policies:detail": APPLICATIONS,
    "policies:stats": STAFF,
}

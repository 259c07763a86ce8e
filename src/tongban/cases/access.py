from tongban.accounts.constants import Role
from tongban.accounts.policy import ANYONE, SIGNED_IN, only

from .notices.access import NOTICE_ACCESS_RULES

APPLYING = only(Role.CITIZEN, Role.ENTERPRISE, Role.INTAKE_CLERK, Role.HELPER, Role.ADMIN)
WORKING = only(Role.INTAKE_CLERK, Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.SUPERVISOR, Role.ADMIN)
WINDOW = only(Role.INTAKE_CLERK, Role.SUPERVISOR, Role.ADMIN)
OPINION_GIVERS = only(Role.REVIEWER, Role.DEPARTMENT_HEAD)
VERIFIERS = only(Role.DEPARTMENT_HEAD, Role.REVIEWER, Role.INSPECTOR, Role.ADMIN)  # 告知承诺核查

ACCESS_RULES = {
    "api:submit_case": APPLYING,
    "api:upload_case_file": APPLYING,
    "api:get_case": SIGNED_IN,
    "api:track_case": ANYONE,
    "api:list_my_cases": SIGNED_IN,
    "api:transition_case": SIGNED_IN,
    "api:list_case_queue": WORKING,
    "api:deliver_waived_materials": SIGNED_IN,
    # Files: the case's scope decides (scopes.cases_for), the services who may hand files in.
    "api:download_case_file": SIGNED_IN,
    "api:resubmit_case": SIGNED_IN,
    "cases:file": SIGNED_IN,
    "cases:resubmit": SIGNED_IN,
    "cases:deliver": SIGNED_IN,
    "api:verify_commitment": VERIFIERS,
    "cases:commitments_overdue": VERIFIERS,
    "cases:commitment_verify": VERIFIERS,
    "api:complete_case_task": OPINION_GIVERS,
    # Pages: the applicant side (scopes.cases_for decides which cases each viewer sees).
    "cases:apply": only(Role.CITIZEN, Role.ENTERPRISE),
    "cases:mine": SIGNED_IN,
    "cases:detail": SIGNED_IN,
    "cases:transition": SIGNED_IN,
    "cases:task": OPINION_GIVERS,
    "cases:track": ANYONE,
    # Pages: staff (一窗受理 — front desk, back office, exit window).
    "cases:window_intake": WINDOW,
    "cases:exit_window": WINDOW,
    "cases:pickup": only(Role.INTAKE_CLERK),
    "cases:helper_apply": only(Role.HELPER),
    "cases:department_queue": WORKING,
    **NOTICE_ACCESS_RULES,
}

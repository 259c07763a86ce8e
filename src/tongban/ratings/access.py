from tongban.accounts.constants import Role
from tongban.accounts.policy import ANYONE, only

APPLICANT_SIDE = only(Role.CITIZEN, Role.ENTERPRISE, Role.HELPER)
QUEUE = only(Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.INSPECTOR, Role.SUPERVISOR, Role.INTAKE_CLERK, Role.ADMIN)
DEPARTMENT = only(Role.REVIEWER, Role.DEPARTMENT_HEAD)
HALL = only(Role.SUPERVISOR, Role.ADMIN)
CALLBACK = only(Role.SUPERVISOR, Role.INTAKE_CLERK, Role.ADMIN)
SIGNED_IN_PUBLIC = only(Role.CITIZEN, Role.ENTERPRISE, Role.HELPER)
APPEALING = only(Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.INSPECTOR, Role.INTAKE_CLERK)

ACCESS_RULES = {
    "api:rate_case": APPLICANT_SIDE,
    "api:rate_by_token": ANYONE,
    "api:list_rectifications": QUEUE,
    "api:get_rectification": QUEUE,
    "api:answer_rectification": DEPARTMENT,
    "api:verify_rectification": HALL,
    "api:record_rectification_callback": CALLBACK,
    "api:get_rating_rates": ANYONE,
    "api:rate_ticket": only(Role.CITIZEN, Role.ENTERPRISE),
    "api:rate_platform": SIGNED_IN_PUBLIC,
    "api:list_bad_categories": ANYONE,
    "api:appeal_rating": APPEALING,
    "api:list_rating_appeals": QUEUE,
    "api:get_rating_appeal": QUEUE,
    "api:decide_rating_appeal": HALL,
    # Pages
    "ratings:rate_case": APPLICANT_SIDE,
    "ratings:rate_token": ANYONE,
    "ratings:invitation": only(Role.INTAKE_CLERK, Role.SUPERVISOR, Role.ADMIN),
    "ratings:queue": QUEUE,
    "ratings:detail": QUEUE,
    "ratings:answer": DEPARTMENT,
    "ratings:verify": HALL,
    "ratings:callback": CALLBACK,
    "ratings:rates": ANYONE,
    "ratings:rate_ticket": only(Role.CITIZEN, Role.ENTERPRISE),
    "ratings:rate_platform": SIGNED_IN_PUBLIC,
    "ratings:appeal": APPEALING,
    "ratings:appeals": QUEUE,
    "ratings:appeal_detail": QUEUE,
    "ratings:decide_appeal": HALL,
}

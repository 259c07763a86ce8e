"""Who may open the 电子证照 pages and API (one rule per URL name).

Verification, public keys and status lists are public (anyone shown a licence checks it). The
wallet is the holder side's; a licence, its PDF and file are for the holder side and staff in
scope (the view's scope query answers 404 otherwise). Issuing and status changes are the issuing
department's (the service checks the department).
"""

from tongban.accounts.constants import Role
from tongban.accounts.policy import ANYONE, only

HOLDER_SIDE = only(Role.CITIZEN, Role.ENTERPRISE, Role.HELPER)
VIEWERS = only(Role.CITIZEN, Role.ENTERPRISE, Role.HELPER, Role.INTAKE_CLERK, Role.REVIEWER,
               Role.DEPARTMENT_HEAD, Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN)
STAFF_IN_SCOPE = only(Role.INTAKE_CLERK, Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.INSPECTOR, Role.SUPERVISOR,
                      Role.ADMIN)
ISSUER = only(Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.ADMIN)
SCANNER = only(Role.INTAKE_CLERK, Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN)

ACCESS_RULES = {
    "licences:wallet": HOLDER_SIDE,
    "licences:desk": STAFF_IN_SCOPE,
    "licences:verify_form": ANYONE,
    "licences:verify": ANYONE,
    "licences:shown": SCANNER,
    "licences:holder_file": STAFF_IN_SCOPE,
    "licences:issue": ISSUER,
    "licences:public_keys": ANYONE,
    "licences:status_list": ANYONE,
    "licences:detail": VIEWERS,
    "licences:pdf": VIEWERS,
    "licences:download": VIEWERS,
    "licences:show": HOLDER_SIDE,
    "licences:change_status": ISSUER,
    "licences:reissue": ISSUER,
    "api:verify_licence": ANYONE,
    "api:list_my_licences": HOLDER_SIDE,
    "api:get_licence": VIEWERS,
    "api:get_licence_file": VIEWERS,
    "api:issue_licence": ISSUER,
    "api:change_licence_status": ISSUER,
    "api:reissue_licence": ISSUER,
    "api:get_licence_public_keys": ANYONE,
    "api:get_licence_status_list": ANYONE,
}

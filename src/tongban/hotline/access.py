from tongban.accounts.constants import Role
from tongban.accounts.policy import ANYONE, SIGNED_IN, only

OPERATOR = only(Role.SUPERVISOR)  # the 12345 centre operator, for now the hall supervisor
DEPARTMENT = only(Role.REVIEWER, Role.DEPARTMENT_HEAD)
WORKING = only(Role.SUPERVISOR, Role.REVIEWER, Role.DEPARTMENT_HEAD)

ACCESS_RULES = {
    "api:create_ticket": OPERATOR,
    "api:create_online_ticket": only(Role.CITIZEN, Role.ENTERPRISE),
    "api:supervise_ticket": OPERATOR,
    "api:elevate_ticket": OPERATOR,
    "api:get_ticket": SIGNED_IN,  # scopes.tickets_for decides: centre, own department, own message
    "api:transition_ticket": WORKING,
    "api:list_tickets": WORKING,
    "api:ticket_duplicates": OPERATOR,
    "api:merge_tickets": OPERATOR,
    "api:hotline_statistics": ANYONE,
    "hotline:intake": OPERATOR,
    "hotline:catalog_search": OPERATOR,
    "hotline:queue": WORKING,
    "hotline:detail": WORKING,
    "hotline:transition": WORKING,
    "hotline:merge": OPERATOR,
    "hotline:stats": ANYONE,
    "hotline:online": only(Role.CITIZEN, Role.ENTERPRISE),
    "hotline:escalate": OPERATOR,
    "hotline:mine": SIGNED_IN,
}

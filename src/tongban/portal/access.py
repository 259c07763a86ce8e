from tongban.accounts.policy import ANYONE, STAFF

ACCESS_RULES = {
    "portal:home": ANYONE,
    "portal:workbench": STAFF,
    "portal:hotline": ANYONE,
}

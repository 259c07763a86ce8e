from tongban.accounts.constants import Role
from tongban.accounts.policy import ANYONE, only

EDITORS = only(Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.ADMIN)

ACCESS_RULES = {
    "api:list_catalog_items": ANYONE,
    "api:get_catalog_item": ANYONE,
    "api:create_catalog_item": EDITORS,
    "api:get_catalog_version": EDITORS,
    "api:save_catalog_draft": EDITORS,
    "api:start_catalog_revision": EDITORS,
    "api:submit_catalog_version": EDITORS,
    "api:return_catalog_version": EDITORS,
    "api:publish_catalog_version": EDITORS,
}

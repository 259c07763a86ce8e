from tongban.accounts.constants import Role
from tongban.accounts.policy import ANYONE, only

from .page_access import PAGE_ACCESS_RULES

EDITORS = only(Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.ADMIN)

ACCESS_RULES = {
    "catalog_desk:items": EDITORS,
    "catalog_desk:reviews": EDITORS,
    "catalog_desk:version": EDITORS,
    "catalog_desk:submit": EDITORS,
    "catalog_desk:return": EDITORS,
    "catalog_desk:publish": EDITORS,
    "catalog_desk:revise": EDITORS,
    "api:list_catalog_items": ANYONE,
    "api:get_catalog_item": ANYONE,
    "api:get_catalog_rates": ANYONE,
    "catalog_desk:rates": ANYONE,
    "api:create_catalog_item": EDITORS,
    "api:get_catalog_version": EDITORS,
    "api:save_catalog_draft": EDITORS,
    "api:start_catalog_revision": EDITORS,
    "api:submit_catalog_version": EDITORS,
    "api:return_catalog_version": EDITORS,
    "api:publish_catalog_version": EDITORS,
    **PAGE_ACCESS_RULES,
}

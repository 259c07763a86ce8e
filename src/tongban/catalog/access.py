"""Who may open which catalog URL: the public guide for anyone, drafting for departments."""

from tongban.accounts.constants import Role
from tongban.accounts.policy import ANYONE, only

EDITORS = only(Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.ADMIN)

ACCESS_RULES = {
    # 同源发布: the published catalog, its pages, PDF and rates are public
    "catalog:list": ANYONE,
    "catalog:guide": ANYONE,
    "catalog:guide_pdf": ANYONE,
    "catalog_desk:rates": ANYONE,
    "api:list_catalog_items": ANYONE,
    "api:get_catalog_item": ANYONE,
    "api:get_catalog_rates": ANYONE,
    "api:download_catalog_excel_template": ANYONE,
    # drafting and joint review (services check the department and the reviewer office)
    "catalog_desk:items": EDITORS,
    "catalog_desk:reviews": EDITORS,
    "catalog_desk:version": EDITORS,
    "catalog_desk:submit": EDITORS,
    "catalog_desk:return": EDITORS,
    "catalog_desk:publish": EDITORS,
    "catalog_desk:revise": EDITORS,
    "api:create_catalog_item": EDITORS,
    "api:get_catalog_version": EDITORS,
    "api:save_catalog_draft": EDITORS,
    "api:start_catalog_revision": EDITORS,
    "api:submit_catalog_version": EDITORS,
    "api:return_catalog_version": EDITORS,
    "api:publish_catalog_version": EDITORS,
    "api:export_catalog_excel": EDITORS,
    "api:import_catalog_excel": EDITORS,
}

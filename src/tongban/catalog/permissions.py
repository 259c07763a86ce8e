"""Who may edit and who may review catalog items (beyond the URL access rules)."""

from tongban.accounts.constants import Role

EDITOR_ROLES = {Role.REVIEWER, Role.DEPARTMENT_HEAD}


def can_edit_item(actor, item) -> bool:
    """A department drafts and revises only the items it implements."""
    if actor.role == Role.ADMIN:
        return True
    return actor.role in EDITOR_ROLES and actor.department_id == item.department_id


def can_review(actor) -> bool:
    """联合审核 is the service-management office's job (e.g. 区行政审批服务局)."""
    if actor.role == Role.ADMIN:
        return True
    department = actor.department
    return (
        actor.role in EDITOR_ROLES
        and department is not None
        and department.is_service_management_office
    )

"""Stable error codes of the catalog."""

from tongban.core.errors import Conflict, Forbidden, NotFound

NOT_FOUND = NotFound("catalog.not_found", "未找到该事项或版本。")


def not_editable(status_label: str) -> Conflict:
    return Conflict("catalog.not_editable", f"该版本当前为“{status_label}”，不能修改；请先发起修订。")


def wrong_state(action: str, status_label: str) -> Conflict:
    return Conflict("catalog.wrong_state", f"该版本当前为“{status_label}”，不能{action}。")


def stale(revision: int) -> Conflict:
    return Conflict(
        "catalog.edit_conflict",
        f"该版本已被他人修改（当前修改计数 {revision}），请刷新后在最新内容上重新修改。",
    )


NOT_OWN_DEPARTMENT = Forbidden("catalog.not_own_department", "只能编辑本部门实施的事项。")
NOT_REVIEWER = Forbidden("catalog.not_reviewer", "只有政务服务管理机构可以进行联合审核。")

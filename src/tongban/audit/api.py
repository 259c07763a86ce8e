from datetime import datetime

from ninja import Field, Query, Router, Schema

from .queries import entries_page

router = Router(tags=["审计日志"])


class AuditEntryOut(Schema):
    id: int
    stream: str
    sequence: int
    created_at: datetime
    actor_label: str
    action: str
    before: dict | None
    after: dict | None
    entry_hash: str


class AuditPage(Schema):
    items: list[AuditEntryOut]
    next_cursor: int | None


class AuditFilter(Schema):
    before: int | None = Field(None, description="游标：返回 id 小于该值的记录")
    stream: str = Field("", max_length=100,
                        description="审计对象：某一对象（如 cases.case:42，不在管理范围内为 404）或前缀（如 cases.case:）")
    limit: int = Field(50, ge=1, le=200)


@router.get("/audit/entries", response=AuditPage, summary="审计日志（倒序，游标分页；按管理范围）")
def list_audit_entries(request, filters: Query[AuditFilter]):
    items, next_cursor = entries_page(
        actor=request.user, before_id=filters.before, limit=filters.limit, stream=filters.stream
    )
    return {"items": items, "next_cursor": next_cursor}

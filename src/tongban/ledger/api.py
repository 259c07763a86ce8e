"""工作台账 API: parse a plan without storing it (the same extraction as import_plan --json)."""

from ninja import File, Router, Schema
from ninja.files import UploadedFile

from tongban.core.errors import DomainError

from .parsing import extract_text, parse_plan
from .parsing.sources import UnreadableDocument
from .services import MAX_UPLOAD, unit_table

router = Router(tags=["工作台账"])


class IndicatorOut(Schema):
    op: str
    value: float
    unit: str
    name: str


class ParsedTaskOut(Schema):
    numbering: str
    title: str
    lead: list[str]
    responsible: list[str]
    deadline_date: str | None
    open_ended: bool
    indicators: list[IndicatorOut]
    uncertain: list[str]


@router.post("/ledger/parse", response=list[ParsedTaskOut], summary="解析工作方案（不保存）：任务、单位、时限、指标")
def ledger_parse_plan(request, file: File[UploadedFile]):
    data = file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise DomainError("ledger.plan_too_large", "文件过大（不超过 20 MB）", field="file", status=422)
    try:
        text, pages = extract_text(data, file.name or "plan.txt")
    except UnreadableDocument as exc:
        raise DomainError("ledger.unreadable_plan", str(exc), field="file", status=422) from exc
    region = request.user.region if request.user.region_id else None
    plan = parse_plan(text.replace("\x00", ""), table=unit_table(region), pages=pages)
    return [t.as_dict() for t in plan.tasks]

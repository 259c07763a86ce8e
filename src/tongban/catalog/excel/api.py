"""Excel endpoints of the catalog: the documented template, export, and import with dry-run."""

import io
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from ninja import File, Form, Router
from ninja.files import UploadedFile

from tongban.accounts.models import Department
from tongban.core.errors import NotFound
from tongban.problems import problem_response

from ..models import ServiceItem
from .export import export_catalog
from .importer import import_catalog

router = Router(tags=["事项 Excel"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
BINARY_SCHEMA = {"schema": {"type": "string", "format": "binary"}}
BINARY = {"responses": {200: {"description": "Excel 工作簿（.xlsx）", "content": {XLSX: BINARY_SCHEMA}}}}


def _workbook(entries, filename: str, ascii_name: str) -> HttpResponse:
    buffer = io.BytesIO()
    export_catalog(entries, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    # an ASCII name first for old clients, then the Chinese one (RFC 6266 / 5987)
    response["Content-Disposition"] = (f'attachment; filename="{ascii_name}"; '
                                       f"filename*=UTF-8''{quote(filename)}")
    return response


@router.get("/catalog/excel/template", auth=None, summary="下载事项目录 Excel 模板（含说明与代码表）",
            openapi_extra=BINARY)
def download_catalog_excel_template(request):
    return _workbook(ServiceItem.objects.none(), "事项目录模板.xlsx", "catalog-template.xlsx")


@router.get("/catalog/excel/export", summary="导出已发布事项为 Excel（可按部门）", openapi_extra=BINARY)
def export_catalog_excel(request, department: str = ""):
    items = ServiceItem.objects.filter(published_version__isnull=False, is_retired=False)
    if department:
        if not Department.objects.filter(code=department).exists():
            raise NotFound("catalog.unknown_department", f"部门编码 {department} 不存在。")
        items = items.filter(department__code=department)
    suffix = slugify(department) or "all"
    return _workbook(items, f"事项目录-{department or '全部'}.xlsx", f"catalog-{suffix}.xlsx")


@router.post("/catalog/excel/import", summary="导入事项目录 Excel（dry_run 为真时只校验不写入）")
def import_catalog_excel(request, file: File[UploadedFile], dry_run: Form[bool] = False):
    """Every row is validated; nothing is written unless the whole file is valid.

    Imported items become drafts (new items) or revision drafts (changed items) for joint
    review. A 422 problem lists each error with its sheet, row, column and Chinese message.
    """
    if file.size > MAX_UPLOAD_BYTES:
        return problem_response("catalog.excel_too_large",
                                f"文件过大（上限 {MAX_UPLOAD_BYTES // 1024 // 1024} MB），请分批导入。", 413)
    report = import_catalog(file, actor=request.user, now=timezone.now(), dry_run=dry_run)
    body = report.as_dict()
    if not report.valid:
        errors = body.pop("errors")
        return problem_response("catalog.excel_invalid", report.summary, 422, errors=errors, **body)
    return body

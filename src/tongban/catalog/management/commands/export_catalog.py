from django.core.management.base import BaseCommand, CommandError

from tongban.accounts.models import Department
from tongban.catalog.excel.export import export_catalog
from tongban.catalog.models import ServiceItem


class Command(BaseCommand):
    help = "导出事项目录为 Excel（已发布版本）— export the published catalog as the documented workbook."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="输出文件路径（.xlsx）")
        parser.add_argument("--department", default="", help="只导出该部门编码实施的事项")
        parser.add_argument("--template", action="store_true", help="只导出空白模板（含说明与代码表）")

    def handle(self, *args, path: str, department: str, template: bool, **options) -> None:
        items = ServiceItem.objects.filter(published_version__isnull=False, is_retired=False)
        if department:
            if not Department.objects.filter(code=department).exists():
                raise CommandError(f"部门编码 {department} 不存在。")
            items = items.filter(department__code=department)
        with open(path, "wb") as stream:
            count = export_catalog(ServiceItem.objects.none() if template else items, stream)
        self.stdout.write(self.style.SUCCESS(f"已导出 {count} 个事项到 {path}。"))

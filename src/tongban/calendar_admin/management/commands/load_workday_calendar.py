import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tongban.calendar_admin.services import publish_year
from tongban.core.errors import DomainError


class Command(BaseCommand):
    help = "加载年度节假日与调休数据（国务院办公厅通知）— load a <year>.json calendar file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="JSON file in the format of tongban/workdays/data/2026.json")

    def handle(self, *args, file: Path, **options) -> None:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            year = publish_year(data, actor=None, now=timezone.now())
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"无法读取日历文件 {file}：{error}") from error
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"{year.year} 年工作日历已发布。"))

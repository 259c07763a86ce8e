"""manage.py load_demo_catalog — 加载演示事项目录（兰山区政务服务事项），须先运行 load_demo_district."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from tongban.catalog.models import ServiceItem
from tongban.demo.catalog import DemoCatalogError, load_demo_catalog


class Command(BaseCommand):
    help = ("加载演示事项目录：主题、证照类型、基本目录和实施清单事项，逐项经联合审核发布；"
            "可重复执行（已存在的实施编码跳过）。须先运行 load_demo_district。")

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        try:
            published = load_demo_catalog(stdout=self.stdout)
        except DemoCatalogError as error:
            raise CommandError(str(error)) from error
        departments = (ServiceItem.objects.filter(published_version__isnull=False)
                       .values("department").distinct().count())
        self.stdout.write(self.style.SUCCESS(
            f"演示事项目录：已发布 {published} 项，涉及 {departments} 个实施部门"
            f"（用时 {time.monotonic() - started:.1f} 秒）。"
        ))

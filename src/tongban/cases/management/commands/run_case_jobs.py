from django.core.management.base import BaseCommand
from django.utils import timezone

from tongban.cases.services import run_waiver_deadlines


class Command(BaseCommand):
    help = "每日办件作业：容缺到期提醒与逾期处理（建议 cron 每天早上运行）。"

    def handle(self, *args, **options) -> None:
        report = run_waiver_deadlines(now=timezone.now())
        self.stdout.write(f"已提醒 {report.reminded} 件，已中止 {report.suspended} 件，已终止 {report.terminated} 件。")

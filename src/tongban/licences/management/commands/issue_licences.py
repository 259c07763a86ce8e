"""manage.py issue_licences — the licence worker: read case.decided / case.commitment_broken from
the outbox and issue or withdraw licences (exactly once; see licences.services.process_events)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from tongban.licences.services import process_events


class Command(BaseCommand):
    help = "电子证照签发作业：读取办件决定事件，签发（或撤销）电子证照，可重复执行。"

    def handle(self, *args, **options) -> None:
        handled = total = process_events(now=timezone.now())
        while handled:
            handled = process_events(now=timezone.now())
            total += handled
        self.stdout.write(f"电子证照：处理事件 {total} 条。")

"""manage.py ledger_reminders: the daily reminder / overdue events of the 工作台账 (run by run_scheduler)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from tongban.ledger.services import send_reminders


class Command(BaseCommand):
    help = "工作台账：到期前提醒、逾期标记（每日）"

    def handle(self, *args, **options):
        self.stdout.write(f"{send_reminders(now=timezone.now())} reminder event(s)")

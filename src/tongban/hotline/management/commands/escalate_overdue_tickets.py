from django.core.management.base import BaseCommand
from django.utils import timezone

from tongban.hotline.services import escalate_overdue


class Command(BaseCommand):
    help = "督办: mark 12345 tickets past their due time and emit hotline.escalated (run every few minutes)."

    def handle(self, *args, **options) -> None:
        numbers = escalate_overdue(timezone.now())
        self.stdout.write(f"escalated {len(numbers)} ticket(s)")

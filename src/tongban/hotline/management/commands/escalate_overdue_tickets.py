from django.core.management.base import BaseCommand
from django.utils import timezone

from tongban.hotline.services import confirm_provisional_due_times, escalate_overdue


class Command(BaseCommand):
    help = "督办: mark 12345 tickets past their due time and emit hotline.escalated (run every few minutes)."

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        confirmed = confirm_provisional_due_times(now)
        numbers = escalate_overdue(now)
        self.stdout.write(f"confirmed {confirmed} provisional due time(s); escalated {len(numbers)} ticket(s)")

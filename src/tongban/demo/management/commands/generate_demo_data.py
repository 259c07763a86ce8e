import sys
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from tongban.accounts.models import User
from tongban.audit.models import AuditEntry, AuditHead
from tongban.bulk import analyze, next_ids
from tongban.cases.models import Case, CasePause
from tongban.demo.generators.cases import generate_cases
from tongban.demo.generators.hotline import generate_tickets
from tongban.demo.generators.ratings import generate_ratings
from tongban.hotline.models import Ticket, TicketReturn
from tongban.ratings.models import Rating, RatingInvitation, Rectification

# Every table the generators fill, for fresh planner statistics after the load.
FILLED = (Case, CasePause, Rating, RatingInvitation, Rectification, User, Ticket, TicketReturn, AuditEntry, AuditHead)


def progress_bar(stream, started: float, label: str = "生成办件", unit: str = "件"):
    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        rate = done / max(time.monotonic() - started, 1e-9)
        eta = (total - done) / rate if rate else 0
        stream.write(f"\r{label} [{'#' * filled}{'-' * (width - filled)}] {done}/{total} "
                     f"{rate:,.0f} {unit}/秒 预计剩余 {eta:,.0f} 秒")
        stream.flush()
        if done >= total:
            stream.write("\n")

    return show


class Command(BaseCommand):
    help = ("生成演示数据：办件（真实比例的渠道、事项、状态、补正；遵循工作日历）、好差评与整改、12345 工单"
            " — generate N demo cases with their ratings and about N/5 hotline tickets.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cases", type=int, default=10000, help="number of cases (1,000,000 works)")
        parser.add_argument("--tickets", type=int, default=None, help="number of 12345 tickets (default: cases / 5)")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when cases already exist")

    def handle(self, *args, cases: int, tickets: int | None, seed: int, if_empty: bool, **options) -> None:
        if if_empty and Case.objects.exists():
            self.stdout.write("已有办件数据，跳过生成。")
            return
        today, tickets = timezone.localdate(), cases // 5 if tickets is None else tickets
        started = time.monotonic()
        first_case = next_ids(Case, 1).start
        written = generate_cases(cases, seed=seed, today=today, progress=progress_bar(sys.stderr, started))
        phase = time.monotonic()
        rated = generate_ratings(range(first_case, first_case + written), seed=seed, today=today,
                                 progress=progress_bar(sys.stderr, phase, "生成评价"))
        phase = time.monotonic()
        ticketed = generate_tickets(tickets, seed=seed, today=today,
                                    progress=progress_bar(sys.stderr, phase, "生成工单"))
        analyze(*FILLED)  # PostgreSQL: the planner's statistics still describe empty tables
        self.stdout.write(self.style.SUCCESS(
            f"已生成 {written} 件办件、{rated.ratings} 条评价（差评整改 {rated.rectifications} 件）、"
            f"{ticketed} 件 12345 工单，用时 {time.monotonic() - started:.1f} 秒。"))

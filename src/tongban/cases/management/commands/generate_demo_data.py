import sys
import time

from django.core.management.base import BaseCommand

from tongban.cases.demo_data import generate_cases
from tongban.cases.models import Case


def progress_bar(stream, started: float):
    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        rate = done / max(time.monotonic() - started, 1e-9)
        eta = (total - done) / rate if rate else 0
        stream.write(f"\r生成办件 [{'#' * filled}{'-' * (width - filled)}] {done}/{total} "
                     f"{rate:,.0f} 件/秒 预计剩余 {eta:,.0f} 秒")
        stream.flush()
        if done >= total:
            stream.write("\n")

    return show


class Command(BaseCommand):
    help = "生成演示办件数据（真实比例的渠道、事项、状态；遵循工作日历）— generate N demo cases."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cases", type=int, default=10000, help="number of cases (1,000,000 works)")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when cases already exist")

    def handle(self, *args, cases: int, seed: int, if_empty: bool, **options) -> None:
        if if_empty and Case.objects.exists():
            self.stdout.write("已有办件数据，跳过生成。")
            return
        started = time.monotonic()
        written = generate_cases(cases, seed=seed, progress=progress_bar(sys.stderr, started))
        self.stdout.write(self.style.SUCCESS(
            f"已生成 {written} 件办件，用时 {time.monotonic() - started:.1f} 秒。"))

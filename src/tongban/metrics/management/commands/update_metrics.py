from django.core.management.base import BaseCommand

from tongban.metrics.aggregation import BATCH_SIZE, update_case_counts


class Command(BaseCommand):
    help = "把尚未统计的办件审计记录计入办件日统计（增量，可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, batch_size: int, **options):
        def progress(total: int) -> None:
            self.stdout.write(f"已处理 {total} 条审计记录…")

        total = update_case_counts(batch_size=batch_size, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"完成：本次计入 {total} 条审计记录。"))

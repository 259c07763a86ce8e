from django.core.management.base import BaseCommand

from tongban.metrics.aggregation import BATCH_SIZE, LABELS, update_all


class Command(BaseCommand):
    help = "把尚未统计的审计记录计入办件、好差评、12345 工单的日统计与月统计（增量，可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, batch_size: int, **options):
        def progress(source: str, total: int) -> None:
            self.stdout.write(f"{LABELS[source]}：已处理 {total} 条审计记录…")

        read = update_all(progress=progress, batch_size=batch_size)
        summary = "，".join(f"{LABELS[name]} {count} 条" for name, count in read.items())
        self.stdout.write(self.style.SUCCESS(f"完成：本次计入审计记录 {summary}。"))

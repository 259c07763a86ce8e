from django.core.management.base import BaseCommand, CommandError

from tongban.metrics.aggregation import differences, recompute_case_counts, stored_case_counts, update_case_counts


class Command(BaseCommand):
    help = "按办件表重新计算办件日统计，与已存的统计比对；不一致时列出差异并以非零状态退出。"

    def add_arguments(self, parser):
        parser.add_argument("--update-first", action="store_true", help="比对前先运行一次增量统计")

    def handle(self, *args, update_first: bool, **options):
        if update_first:
            update_case_counts()
        lines = differences(recompute_case_counts(), stored_case_counts())
        for line in lines:
            self.stdout.write(line)
        if lines:
            raise CommandError(f"办件日统计与办件表不一致：{len(lines)} 处差异。")
        self.stdout.write(self.style.SUCCESS("办件日统计与办件表一致。"))

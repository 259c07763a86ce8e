from django.core.management.base import BaseCommand, CommandError

from tongban.metrics.aggregation import LABELS, update_all, verify_all


class Command(BaseCommand):
    help = "按办件、评价、工单原始数据重新计算各统计表（日、月），与已存的统计比对；不一致时列出差异并以非零状态退出。"

    def add_arguments(self, parser):
        parser.add_argument("--update-first", action="store_true", help="比对前先运行一次增量统计")

    def handle(self, *args, update_first: bool, **options):
        if update_first:
            update_all()
        found = 0
        for name, lines in verify_all().items():
            self.stdout.write(f"{LABELS[name]}：{'一致' if not lines else f'{len(lines)} 处差异'}")
            for line in lines:
                self.stdout.write(f"  {line}")
            found += len(lines)
        if found:
            raise CommandError(f"统计表与原始数据不一致：{found} 处差异。")
        self.stdout.write(self.style.SUCCESS("各统计表与原始数据一致。"))

from django.core.management.base import BaseCommand, CommandError

from tongban.audit.services import find_tampering


class Command(BaseCommand):
    help = "核验审计日志哈希链 — report the first edited, deleted or reordered row of each chain."

    def handle(self, *args, **options) -> None:
        problems = list(find_tampering())
        if problems:
            for problem in problems:
                self.stderr.write(f"审计日志被篡改：{problem}")
            raise CommandError(f"审计日志核验失败：{len(problems)} 条链存在问题。")
        self.stdout.write(self.style.SUCCESS("审计日志核验通过：所有哈希链完整。"))

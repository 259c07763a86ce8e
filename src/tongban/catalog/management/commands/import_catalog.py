from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tongban.accounts.models import User
from tongban.catalog.excel.importer import import_catalog

BAR_WIDTH = 30


class Command(BaseCommand):
    help = ("导入事项目录 Excel：逐行校验，全部无误才在一个事务中写入草稿；--dry-run 只校验。"
            " — import the catalog workbook: all rows valid, or nothing is written.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="Excel 文件路径（.xlsx）")
        parser.add_argument("--user", required=True, help="以该用户名导入（按其部门权限检查）")
        parser.add_argument("--dry-run", action="store_true", help="试导入：只校验并报告，不写入")

    def _progress(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        end = "\n" if done >= total else ""
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stderr.write(f"\r导入进度 [{bar}] {done}/{total}", ending=end)
        self.stderr.flush()

    def handle(self, *args, path: str, user: str, dry_run: bool, **options) -> None:
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"用户 {user} 不存在或已停用。")
        try:
            stream = open(path, "rb")  # noqa: SIM115 - only a failing open becomes CommandError; `with` follows
        except OSError as error:
            raise CommandError(f"无法打开文件 {path}：{error.strerror}") from error
        with stream:
            report = import_catalog(stream, actor=actor, now=timezone.now(), dry_run=dry_run,
                                    progress=self._progress)
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.valid:
            raise CommandError(report.summary)
        for label, entries in (("新增", report.created), ("修订", report.revised)):
            for entry in entries:
                version = f"（草稿第 {entry['version']} 版）" if entry["version"] else ""
                code, name = entry["implementation_code"], entry["name"]
                self.stdout.write(f"{label} {code} {name}{version}")
        self.stdout.write(self.style.SUCCESS(report.summary))
        if not dry_run and (report.created or report.revised):
            self.stdout.write("导入的版本为草稿，须提交联合审核并发布后才对外公布。")

from django.core.management.base import BaseCommand
from django.utils import timezone

from tongban.cases.services import recompute_provisional_due_dates, run_waiver_deadlines
from tongban.cases.services.commitments import flag_overdue_verifications


class Command(BaseCommand):
    help = "每日办件作业：容缺到期提醒与逾期处理、告知承诺逾期未核查标记、暂定期限重算（建议 cron 每天早上运行）。"

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        report = run_waiver_deadlines(now=now)
        self.stdout.write(f"容缺：已提醒 {report.reminded} 件，已中止 {report.suspended} 件，已终止 {report.terminated} 件。")
        for refusal in report.refused:
            self.stderr.write(f"容缺逾期处理未执行：{refusal}")
        overdue = flag_overdue_verifications(now=now)
        self.stdout.write(f"告知承诺：逾期未核查 {overdue.overdue} 件，本次新标记 {overdue.flagged} 件。")
        for failure in overdue.failed:
            self.stderr.write(f"告知承诺核查逾期标记未完成：{failure}")
        confirmed = recompute_provisional_due_dates(now=now)
        self.stdout.write(f"暂定期限：已按新发布的工作日历重算 {confirmed} 件。")

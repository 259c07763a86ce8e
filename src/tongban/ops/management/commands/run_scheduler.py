"""Run the recurring jobs (metrics every few minutes, the daily case and 12345 jobs) in one process."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections
from django.utils import timezone

from tongban.ops.schedule import JOBS, is_due


class Command(BaseCommand):
    help = "定时作业：指标增量统计（每 5 分钟）、每日办件作业与 12345 超期督办（每天 6:00）"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run what is due now, then exit")

    def handle(self, *args, once: bool, **options):
        last_run: dict[str, object] = {}
        while True:
            for job in JOBS:
                now = timezone.now()
                if not is_due(job, last_run=last_run.get(job.command), now=now):
                    continue
                try:
                    call_command(job.command, stdout=self.stdout, stderr=self.stderr)
                except Exception as error:  # noqa: BLE001 - one failing job must not stop the others
                    self.stderr.write(f"{job.command} failed: {error!r}")
                last_run[job.command] = now
            connections.close_all()  # no idle connection held between rounds
            if once:
                return
            time.sleep(10)

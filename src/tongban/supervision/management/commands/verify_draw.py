"""manage.py verify_draw PLAN — recompute a plan's draw from its published seed values, pool
snapshot and ratios, and compare it with the published digests and the stored inspections."""

from django.core.management.base import BaseCommand, CommandError

from tongban.supervision.models import Plan
from tongban.supervision.services import verify_plan


class Command(BaseCommand):
    help = "重新计算抽查计划的双随机抽取结果并与公开结果比对"

    def add_arguments(self, parser):
        parser.add_argument("plan", help="计划编号")

    def handle(self, *args, **options):
        plan = Plan.objects.filter(code=options["plan"][:40]).first()
        if plan is None:
            raise CommandError(f"未找到抽查计划 {options['plan'][:40]}")
        if not plan.seed:
            raise CommandError(f"抽查计划 {plan.code} 尚未抽取")
        report = verify_plan(plan)
        for label, ok in (("随机种子", report.seed_ok), ("名录库快照摘要", report.pool_ok),
                          ("抽取结果摘要", report.result_ok), ("检查任务与抽取结果一致", report.rows_ok)):
            self.stdout.write(f"{label}：{'一致' if ok else '不一致'}")
        self.stdout.write(f"重新计算的结果摘要：{report.recomputed_digest}")
        if not report.ok:
            raise CommandError(f"抽查计划 {plan.code} 的抽取结果无法复核")
        self.stdout.write(self.style.SUCCESS(f"抽查计划 {plan.code} 复核通过"))

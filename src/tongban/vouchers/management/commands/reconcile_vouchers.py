"""manage.py reconcile_vouchers CAMPAIGN — 消费券对账: every yuan of the budget per round and merchant."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tongban.vouchers.models import Campaign
from tongban.vouchers.money import fen_to_yuan
from tongban.vouchers.reconciliation import flags, reconcile


class Command(BaseCommand):
    help = "消费券对账：按轮次、商户核对发放、核销、过期、恢复与投放总额，列出异常提示；不平时退出码非零。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("campaign", help="活动编号（Campaign.code）")

    def handle(self, *args, **options) -> None:
        campaign = Campaign.objects.filter(code=options["campaign"]).first()
        if campaign is None:
            raise CommandError(f"没有活动 {options['campaign']}")
        now = timezone.now()
        result = reconcile(campaign, now=now)
        out = self.stdout.write
        out(f"{campaign.name}（{campaign.code}）投放总额 {fen_to_yuan(campaign.budget_fen)} 元")
        for funding in campaign.fundings.all():
            out(f"  出资：{funding.funder} {fen_to_yuan(funding.amount_fen)} 元")
        out("轮次 | 基础 | 转入 | 投放 | 发放 | 未领 | 核销 | 有效未用 | 过期 | 退款恢复")
        for r in result.rounds:
            out(" | ".join([f"第{r.number}轮" + ("" if r.released else "（未投放）"), fen_to_yuan(r.base_fen),
                            fen_to_yuan(r.rollover_fen), fen_to_yuan(r.release_fen), fen_to_yuan(r.issued_fen),
                            fen_to_yuan(r.unclaimed_fen), fen_to_yuan(r.redeemed_fen), fen_to_yuan(r.live_fen),
                            fen_to_yuan(r.expired_fen), f"{r.restored_count} 张 {fen_to_yuan(r.restored_fen)}"]))
        out("商户 | 核销笔数 | 核销金额 | 全额退款恢复笔数")
        for m in result.merchants:
            if m["redeemed_n"] or m["restored_n"]:
                out(f"{m['name']} | {m['redeemed_n']} | {fen_to_yuan(m['redeemed_fen'])} | {m['restored_n']}")
        for flag in flags(campaign, result, now=now):
            out(self.style.WARNING(f"异常提示：{flag.label}：{flag.detail}"))
        if result.ok:
            out(self.style.SUCCESS("对账平衡：投放总额 = 已核销 + 最近一轮未使用 + 未投放，分毫不差。"))
            return
        for problem in result.problems:
            self.stderr.write(self.style.ERROR(problem))
        raise CommandError("对账不平")

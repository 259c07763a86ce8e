"""国有企业担保与责任追究 — pure rules of seed 002 (临兰政办发〔2021〕19号), no database.

The thresholds come in as arguments (services read them from the rule registry), so the same
function answers for any district's settings and the tests can pin every boundary.
"""

from dataclasses import dataclass, field
from decimal import Decimal

#: Assets and enterprises never pledged (第十六条).
FORBIDDEN_ASSETS: tuple[tuple[str, str], ...] = (
    ("unregistered_enterprise", "未按规定办理企业国有资产产权登记的企业"),
    ("seized", "依法被查封、扣押、监管的资产"),
    ("disputed", "所有权、使用权不明或者有争议的资产"),
    ("not_pledgeable", "依法不得抵押或质押的其他国有资产"),
)
FORBIDDEN_ASSET_LABELS = dict(FORBIDDEN_ASSETS)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class GuaranteeCheck:
    controlled: bool                 # stake ≥ the control threshold (34 %)
    proportional_amount: Decimal     # the debt times the stake: the share the guarantor may carry by right
    cap: Decimal                     # cumulative ceiling: net assets held (controlled) or capital (minority)
    room: Decimal                    # what the cap leaves after the guarantees already given
    allowed_amount: Decimal          # the largest amount this application could be granted
    requires_counter_guarantee: bool
    refusals: tuple[tuple[str, str], ...] = field(default=())  # (code, 中文) — empty: allowed

    @property
    def allowed(self) -> bool:
        return not self.refusals


def check_guarantee(*, stake_percent: Decimal, debt_amount: Decimal, requested_amount: Decimal,
                    net_assets_held: Decimal, capital_contributed: Decimal, existing_guaranteed: Decimal,
                    counter_guarantee: bool, pledged_assets: tuple[str, ...] = (),
                    control_stake_percent: Decimal) -> GuaranteeCheck:
    """The share rule of 第十七条/第十八条 and the forbidden assets of 第十六条.

    stake ≥ control: in proportion to the stake, cumulative up to the net assets held; more than
    the stake only with the other shareholders' 反担保. stake < control (参股): strictly in
    proportion, cumulative up to the capital contributed (or the net assets held when lower),
    and always with 反担保.
    """
    stake, debt, requested = Decimal(stake_percent), Decimal(debt_amount), Decimal(requested_amount)
    controlled = stake >= Decimal(control_stake_percent)
    proportional = debt * stake / HUNDRED
    cap = Decimal(net_assets_held) if controlled else min(Decimal(capital_contributed), Decimal(net_assets_held))
    room = max(cap - Decimal(existing_guaranteed), Decimal(0))
    above_stake = requested > proportional
    requires_counter = above_stake or not controlled
    allowed_amount = min(debt, room) if controlled and counter_guarantee else min(proportional, room)
    refusals: list[tuple[str, str]] = []
    if bad := [code for code in pledged_assets if code in FORBIDDEN_ASSET_LABELS]:
        refusals.append(("soe_forbidden_asset",
                         "下列企业或资产不得设定担保：" + "、".join(FORBIDDEN_ASSET_LABELS[code] for code in bad)))
    if not controlled and above_stake:
        refusals.append(("soe_over_share", f"持股比例 {stake}% 低于 {control_stake_percent}%，担保额须按出资比例确定，"
                                           f"最多 {proportional:.2f} 元。"))
    if requires_counter and not counter_guarantee:
        why = "超出资比例提供担保" if controlled else "为参股企业提供担保"
        refusals.append(("soe_counter_guarantee_required", f"{why}，被担保企业（或其他股东）必须提供反担保。"))
    if requested > room:
        refusals.append(("soe_over_cap", f"累计担保额不得超过{'享有的净资产' if controlled else '出资额（或享有的净资产）'}，"
                                         f"本次最多 {room:.2f} 元。"))
    return GuaranteeCheck(controlled=controlled, proportional_amount=proportional, cap=cap, room=room,
                          allowed_amount=allowed_amount, requires_counter_guarantee=requires_counter,
                          refusals=tuple(refusals))


LOSS_TIER_LABELS = {"general": "一般资产损失", "larger": "较大资产损失", "major": "重大资产损失"}


def loss_tier(amount_yuan: Decimal, *, larger_min: Decimal, major_min: Decimal) -> str:
    """一般 below `larger_min`, 较大 from it (300万元以上 includes 300万), 重大 from `major_min`."""
    amount = Decimal(amount_yuan)
    if amount >= Decimal(major_min):
        return "major"
    if amount >= Decimal(larger_min):
        return "larger"
    return "general"


def pay_cut_range(tier: str, responsibility: str, *, minimums: dict, maximums: dict) -> tuple[Decimal, Decimal]:
    """The share of the year's 绩效年薪 to cut and recover (第三十三条): direct and supervising
    responsibility share one range ("direct"), leadership has its own."""
    key = f"{tier}.{'leadership' if responsibility == 'leadership' else 'direct'}"
    return Decimal(minimums[key]), Decimal(maximums[key])

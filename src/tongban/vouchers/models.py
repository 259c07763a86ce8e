"""消费券 (seed 002): a campaign's rounds, denominations and stock, vouchers, merchants, redemptions, refunds.

Money is integer fen everywhere (`*_fen`). A voucher's holder is the HMAC of the ID number
(`holder_key`, tongban.vouchers.holders), never the number itself.
"""

from django.conf import settings
from django.db import models

# A denomination's stock in a round is split over this many rows, so the rush at 10:00 does not
# queue on one row lock; a claim starts at its own shard (by holder) and moves on when it is empty.
# Not a seed number: a property of the storage, like a page size.
STOCK_SHARDS = 8
TAKE_ATTEMPTS = 3  # fresh reads of a denomination's shards after losing the race for each of them


class MerchantTier(models.TextChoices):
    ABOVE_SCALE = "above_scale", "规上企业"
    SAMPLED_SMALL = "sampled_small", "限下抽样企业"


class MerchantSector(models.TextChoices):
    CATERING = "catering", "餐饮"
    LODGING = "lodging", "住宿"
    RETAIL = "retail", "零售"


class VoucherStatus(models.TextChoices):
    """Stored states; 已过期 is derived (unused at or after `expires_at`), so no job must run on time."""

    UNUSED = "unused", "未使用"
    REDEEMED = "redeemed", "已核销"


class Campaign(models.Model):
    code = models.SlugField("活动编号", max_length=40, unique=True)
    name = models.CharField("活动名称", max_length=100)
    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+", verbose_name="区")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    budget_fen = models.BigIntegerField("投放总额（分）")
    min_release_percent = models.DecimalField("每轮最低投放比例", max_digits=5, decimal_places=2)
    valid_days = models.PositiveSmallIntegerField("每轮有效期（自然日）")
    per_person_per_denomination = models.PositiveSmallIntegerField("每人每轮每种面额张数")
    source = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "消费券活动"

    def __str__(self) -> str:
        return self.name


class Funding(models.Model):
    """Who pays what share of the budget (区政府 500万, 银联 100万)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="fundings")
    funder = models.CharField("出资方", max_length=100)
    amount_fen = models.BigIntegerField("出资额（分）")

    class Meta:
        verbose_name = verbose_name_plural = "出资"


class Denomination(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="denominations")
    face_fen = models.PositiveIntegerField("面额（分）")
    threshold_fen = models.PositiveIntegerField("使用门槛（分）")

    class Meta:
        verbose_name = verbose_name_plural = "面额"
        ordering = ["-face_fen"]
        constraints = [models.UniqueConstraint(fields=["campaign", "face_fen"], name="voucher_denomination_unique")]

    def __str__(self) -> str:
        return f"满{self.threshold_fen // 100}减{self.face_fen // 100}"


class Round(models.Model):
    """One release: opens at `opens_at`, its vouchers valid until `valid_until` (exclusive)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField("轮次")
    opens_at = models.DateTimeField("投放时间")
    valid_until = models.DateTimeField("有效期至（不含）")
    base_fen = models.BigIntegerField("基础投放额（分）", default=0)
    rollover_fen = models.BigIntegerField("上轮逾期未使用转入（分）", default=0)
    released_at = models.DateTimeField("已投放于", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "投放轮次"
        ordering = ["campaign", "number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="voucher_round_unique")]

    def __str__(self) -> str:
        return f"第{self.number}轮"

    @property
    def release_fen(self) -> int:
        return self.base_fen + self.rollover_fen


class Stock(models.Model):
    """What is left of one denomination in one round; claims take from it with a conditional UPDATE."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="stocks")
    denomination = models.ForeignKey(Denomination, on_delete=models.PROTECT, related_name="+")
    shard = models.PositiveSmallIntegerField("分片", default=0)
    total = models.PositiveIntegerField("投放张数")
    remaining = models.IntegerField("剩余张数")

    class Meta:
        verbose_name = verbose_name_plural = "库存"
        constraints = [
            models.UniqueConstraint(fields=["round", "denomination", "shard"], name="voucher_stock_unique"),
            models.CheckConstraint(condition=models.Q(remaining__gte=0), name="voucher_stock_not_negative"),
        ]


class Merchant(models.Model):
    """A whitelisted shop (规上 餐饮/住宿/零售, or one of the sampled 限下 ones)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="merchants")
    name = models.CharField("商户名称", max_length=100)
    uscc = models.CharField("统一社会信用代码", max_length=18)
    sector = models.CharField("行业", max_length=20, choices=MerchantSector.choices)
    tier = models.CharField("规模", max_length=20, choices=MerchantTier.choices)
    is_active = models.BooleanField("在白名单", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "活动商户"
        ordering = ["campaign", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "uscc"], name="voucher_merchant_unique")]

    def __str__(self) -> str:
        return self.name


class Cashier(models.Model):
    """A merchant user (Role.MERCHANT) at the till of one merchant."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="voucher_cashier")
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="cashiers")

    class Meta:
        verbose_name = verbose_name_plural = "商户核销员"


class Claim(models.Model):
    """One person's claim in one round (the audited unit; its vouchers are one per denomination)."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="claims")
    holder_key = models.CharField("领取人标识（身份证号 HMAC）", max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    client_key = models.CharField("客户端幂等键", max_length=100, blank=True)
    device_key = models.CharField("设备标识（HMAC）", max_length=64, blank=True)
    claimed_at = models.DateTimeField("领取时间")

    class Meta:
        verbose_name = verbose_name_plural = "领券记录"
        constraints = [models.UniqueConstraint(fields=["round", "holder_key"], name="voucher_claim_once_per_round")]
        indexes = [models.Index(fields=["user", "-id"], name="voucher_claim_user"),
                   models.Index(fields=["round", "device_key"], name="voucher_claim_device")]


class Voucher(models.Model):
    code = models.CharField("券码", max_length=32, unique=True)
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="vouchers")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="vouchers")
    denomination = models.ForeignKey(Denomination, on_delete=models.PROTECT, related_name="vouchers")
    holder_key = models.CharField("持有人标识", max_length=64)
    face_fen = models.PositiveIntegerField("面额（分）")
    threshold_fen = models.PositiveIntegerField("使用门槛（分）")
    expires_at = models.DateTimeField("有效期至（不含）")
    status = models.CharField("状态", max_length=10, choices=VoucherStatus.choices, default=VoucherStatus.UNUSED)
    restored_count = models.PositiveSmallIntegerField("退款恢复次数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "消费券"
        constraints = [models.UniqueConstraint(fields=["round", "denomination", "holder_key"],
                                               name="voucher_one_per_denomination")]
        indexes = [models.Index(fields=["round", "status"], name="voucher_round_status")]


class Redemption(models.Model):
    """One purchase paid partly with one voucher; `till_key` is the till's own transaction id."""

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="redemptions")
    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="redemptions")
    cashier = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    till_key = models.CharField("收银流水号", max_length=64)
    bill_fen = models.PositiveBigIntegerField("消费金额（分）")
    discount_fen = models.PositiveIntegerField("抵扣金额（分）")
    redeemed_at = models.DateTimeField("核销时间")
    local_day = models.DateField("核销日期")
    refunded_fen = models.PositiveBigIntegerField("已退款（分）", default=0)
    restored = models.BooleanField("全额退款已恢复券", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "核销记录"
        constraints = [models.UniqueConstraint(fields=["merchant", "till_key"], name="voucher_redemption_till_once")]
        indexes = [models.Index(fields=["merchant", "local_day", "id"], name="voucher_redemption_day")]


class Refund(models.Model):
    redemption = models.ForeignKey(Redemption, on_delete=models.PROTECT, related_name="refunds")
    till_key = models.CharField("退款流水号", max_length=64)
    amount_fen = models.PositiveBigIntegerField("退款金额（分）")
    restored_voucher = models.BooleanField("恢复消费券", default=False)
    refunded_at = models.DateTimeField("退款时间")
    local_day = models.DateField("退款日期")

    class Meta:
        verbose_name = verbose_name_plural = "退款记录"
        constraints = [models.UniqueConstraint(fields=["redemption", "till_key"], name="voucher_refund_once")]

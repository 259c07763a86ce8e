from django.conf import settings
from django.db import models

from ..constants import CollectorKind, IdDocumentType


class CasePickup(models.Model):
    """领取记录 — who collected a result at the exit window and how the clerk checked them.

    The collector's certificate number is personal data: only its masked form (to show) and a
    keyed SM3 digest (to confirm later that a given certificate was the one shown) are kept,
    never the number itself.
    """

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="pickup")
    collector_kind = models.CharField("领取人", max_length=8, choices=CollectorKind.choices)
    collector_name = models.CharField("领取人姓名", max_length=100)
    id_type = models.CharField("证件类型", max_length=12, choices=IdDocumentType.choices)
    id_number_masked = models.CharField("证件号码（脱敏）", max_length=40)
    id_number_digest = models.CharField("证件号码摘要", max_length=64,
                                        help_text="HMAC-SM3（密钥为系统密钥），不可还原。")
    id_checked = models.BooleanField("已核验证件原件", default=False)
    authorisation = models.CharField("授权委托书", max_length=200, blank=True,
                                     help_text="代领时：授权委托书的编号或说明。")
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="出件人员", null=True,
                              on_delete=models.PROTECT, related_name="+")
    picked_up_at = models.DateTimeField("领取时间")

    class Meta:
        verbose_name = verbose_name_plural = "领取记录"

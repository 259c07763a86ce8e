import uuid

from django.conf import settings
from django.db import models

from ..constants import Provision


class CaseFile(models.Model):
    """上传文件 — stored under MEDIA_ROOT by content hash; the type is sniffed, not trusted.

    Clients name a file by `public_id` only: the sequential primary key stays internal, so
    nobody can guess another user's upload. An upload belongs to whoever uploaded it until a
    case of theirs claims it (services/storage.claim_uploads); then it belongs to that case.
    """

    public_id = models.UUIDField("文件标识", default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="files", null=True,
                             blank=True)
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    path = models.CharField(max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "上传文件"


class CaseMaterial(models.Model):
    """办件材料 — one material of the item version and how the case obtained it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey("catalog.Material", verbose_name="目录材料", on_delete=models.PROTECT,
                                 related_name="+")
    name = models.CharField("材料名称", max_length=200)
    provision = models.CharField("提供方式", max_length=12, choices=Provision.choices)
    file = models.ForeignKey(CaseFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "办件材料"
        ordering = ["case", "material__order"]
        constraints = [models.UniqueConstraint(fields=["case", "material"], name="case_material_unique")]

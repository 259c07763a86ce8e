"""电子证照 — licence types (data), licences, the issuers' signing keys, 亮证 tokens."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from .workflow import EXPIRED, EXPIRED_LABEL, STATUS_LABELS


class HolderKind(models.TextChoices):
    PERSON = "citizen", "自然人"
    ENTERPRISE = "enterprise", "法人"


class ValidityUnit(models.TextChoices):
    NONE = "none", "长期有效"
    YEARS = "years", "年"
    MONTHS = "months", "月"


class LicenceType(models.Model):
    """证照类型 (admin-editable): extends the catalog's 证照类型 (its 证照类型代码 = defining
    authority's USCC + 3 digits, its name) with what issuing needs.

    The catalog items whose result it is (`ServiceItemVersion.result_license_type`) and the
    materials it can replace (`Material.license_type`) are the catalog's links to the same
    catalog type, so 免证办 and issuing read one source.
    """

    catalog_type = models.OneToOneField("catalog.LicenseType", verbose_name="目录证照类型", primary_key=True,
                                        on_delete=models.CASCADE, related_name="licence_type")
    defining_authority = models.CharField("证照定义机构", max_length=100, blank=True)
    issuer_departments = models.ManyToManyField("accounts.Department", verbose_name="颁发部门", blank=True,
                                                related_name="issued_licence_types")
    holder_kind = models.CharField("持证主体类型", max_length=12, choices=HolderKind.choices)
    field_schema = models.JSONField(
        "字段定义", default=list, blank=True,
        help_text='扩展字段列表，如 [{"code": "KZ_JYCS", "label": "经营场所", "required": true}]；'
                  "基础元数据（ZZMC、ZZBH、CZZT…）由系统填写。")
    validity_unit = models.CharField("有效期单位", max_length=8, choices=ValidityUnit.choices,
                                     default=ValidityUnit.NONE)
    validity_length = models.PositiveSmallIntegerField("有效期长度", default=0)
    seal_name = models.CharField("电子印章名称", max_length=100, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "电子证照类型"

    def __str__(self) -> str:
        return self.catalog_type.name

    @property
    def code(self) -> str:
        return self.catalog_type.code

    @property
    def name(self) -> str:
        return self.catalog_type.name

    def extension_codes(self) -> list[str]:
        return [str(f.get("code")) for f in self.field_schema or [] if str(f.get("code", "")).startswith("KZ_")]


class IssuerKey(models.Model):
    """A department's SM2 key pair. The private key is stored only Fernet-encrypted with the
    key-encryption key from settings (LICENCE_KEY_ENCRYPTION_KEY); a rotated key stays for
    verifying the licences it signed."""

    key_id = models.CharField("密钥标识", max_length=64, unique=True)
    department = models.ForeignKey("accounts.Department", verbose_name="颁发部门", on_delete=models.PROTECT,
                                   related_name="licence_keys")
    algorithm = models.CharField("算法", max_length=20, default="SM2-with-SM3")
    public_key = models.CharField("公钥", max_length=130)
    private_key_encrypted = models.BinaryField("私钥（加密）", editable=False)
    created_at = models.DateTimeField("生成时间")
    retired_at = models.DateTimeField("停用时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "签名密钥"
        constraints = [models.UniqueConstraint(fields=["department"], condition=Q(retired_at__isnull=True),
                                               name="licence_one_active_key_per_department")]

    def __str__(self) -> str:
        return self.key_id


class Licence(models.Model):
    """电子证照 — one version of one licence; a re-issue is a new row (version 002 …) pointing
    to the one it replaces. `document` is exactly what was signed (canonical JSON, see signing)."""

    identifier = models.CharField("证照标识", max_length=120, unique=True)
    licence_type = models.ForeignKey(LicenceType, verbose_name="证照类型", on_delete=models.PROTECT,
                                     related_name="licences")
    serial = models.CharField("流水号", max_length=40)
    version = models.CharField("版本号", max_length=3)
    number = models.CharField("证照编号", max_length=60)
    holder_kind = models.CharField("持证主体类型", max_length=12, choices=HolderKind.choices)
    holder_name = models.CharField("持证主体", max_length=200)
    holder_code = models.CharField("持证主体代码", max_length=18, db_index=True)
    holder_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="持证人账号", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    issuer = models.ForeignKey("accounts.Department", verbose_name="颁发部门", on_delete=models.PROTECT,
                               related_name="+")
    fields = models.JSONField("扩展字段", default=dict, blank=True)
    document = models.JSONField("签名内容")
    valid_from = models.DateField("有效期起")
    valid_until = models.DateField("有效期至", null=True, blank=True)
    issued_at = models.DateTimeField("签发时间")
    status = models.CharField("状态", max_length=12, default="valid")
    status_reason = models.CharField("状态原因", max_length=300, blank=True)
    status_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    status_index = models.PositiveIntegerField("状态列表位置")
    signature = models.CharField("签名值", max_length=128)
    signing_key = models.ForeignKey(IssuerKey, verbose_name="签名密钥", on_delete=models.PROTECT,
                                    related_name="licences")
    source_case = models.OneToOneField("cases.Case", verbose_name="来源办件", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="licence")
    replaces = models.OneToOneField("self", verbose_name="换发自", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="replaced_by")

    class Meta:
        verbose_name = verbose_name_plural = "电子证照"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "status_index"], name="licence_status_index_unique"),
            models.UniqueConstraint(fields=["licence_type", "issuer", "serial", "version"],
                                    name="licence_serial_version_unique"),
        ]
        indexes = [models.Index(fields=["holder_code", "-id"], name="licence_holder_idx")]

    def __str__(self) -> str:
        return f"{self.licence_type} {self.identifier}"

    def effective_status(self, today: date) -> str:
        if self.status == "valid" and self.valid_until is not None and today > self.valid_until:
            return EXPIRED
        return self.status

    def status_label(self, today: date) -> str:
        status = self.effective_status(today)
        return EXPIRED_LABEL if status == EXPIRED else STATUS_LABELS.get(status, status)


class ShowToken(models.Model):
    """一码亮证: a short-lived code the holder shows on a phone; a clerk scanning it sees the licence."""

    token = models.CharField(max_length=64, unique=True)
    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="show_tokens")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "亮证码"


class StatusIndexCounter(models.Model):
    """Next free position in a department's status list (row-locked when a licence is issued)."""

    department = models.OneToOneField("accounts.Department", primary_key=True, on_delete=models.CASCADE,
                                      related_name="+")
    next_index = models.PositiveIntegerField(default=0)

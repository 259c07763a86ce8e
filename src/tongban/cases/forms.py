"""Page forms of cases: the application (online, window, helper), case actions, tracking.

Forms only parse and check the shape of the input; the rules (预审, who may act, guards) stay in
the services, whose refusals come back onto these forms as field errors (see `FIELD_OF`).
"""

import uuid
from datetime import date

from django import forms
from django.core.files.uploadedfile import UploadedFile

from tongban.catalog.constants import SpecialProcedureKind
from tongban.catalog.validation import FieldError
from tongban.core.checkdigits import InvalidCheckDigitCode, validate_id_number, validate_uscc
from tongban.core.errors import DomainError

from .constants import ApplicantKind, CollectorKind, Delivery, IdDocumentType, Provision
from .services import Applicant, Command, CommitmentInput, MaterialInput, PickupInput, store_upload
from .models import CaseFile

PHONE_PATTERN = r"^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$"
PHONE_MESSAGE = "请输入 11 位手机号码或带区号的固定电话。"
MAX_UPLOAD_READ = 20 * 1024 * 1024 + 1  # one byte over the limit, so the sniffer can refuse it
DEFAULT_COMMITMENT = (
    "本人（单位）承诺：以容缺方式暂缺的材料，将在承诺期限内补交；"
    "逾期未补交的，愿意承担中止或终止办理、记入信用记录等后果。"
)
NEEDS_COMMITMENT = (Provision.COMMITMENT, Provision.WAIVED)


def provision_choices(material, *, held: frozenset[str], at_window: bool) -> list[tuple[str, str]]:
    """The ways the catalog allows for one material: a file, or 免提交 alternatives.

    电子证照 shows only when the applicant holds that licence; 不提供 only for optional
    materials online, while the window may record a gap and ask for 补正 afterwards.
    """
    choices = [(Provision.SUBMITTED, "上传文件")]
    if material.license_type_id and material.license_type.code in held:
        choices.append((Provision.LICENSE, f"电子证照（{material.license_type.name}）"))
    if material.shared_data_source:
        choices.append((Provision.SHARED_DATA, f"共享数据（{material.shared_data_source}）"))
    if material.commitment_allowed:
        choices.append((Provision.COMMITMENT, "告知承诺"))
    if material.is_waivable:
        choices.append((Provision.WAIVED, "容缺后补"))
    if not material.is_required:
        choices.append((Provision.MISSING, "不提供（非必要材料）"))
    elif at_window:
        choices.append((Provision.MISSING, "暂缺（受理时一次性告知补正）"))
    return choices


def default_provision(material, choices: list[tuple[str, str]]) -> str:
    """Proofs the government already holds are reused by default (免证办)."""
    offered = [value for value, _label in choices]
    for preferred in (Provision.LICENSE, Provision.SHARED_DATA):
        if preferred in offered:
            return preferred
    return Provision.SUBMITTED


class MaterialRow:
    """One catalog material with its two inputs, for the template."""

    def __init__(self, form: "ApplicationForm", material) -> None:
        self.material = material
        self.provision = form[f"m{material.id}_provision"]
        self.file = form[f"m{material.id}_file"]
        self.kept_input = form[f"m{material.id}_kept"]
        self.kept = form.kept.get(material.id)


ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,.ofd,.zip"


class KeepsUploads:
    """Every chosen file is stored as soon as the form comes in, each bad one reported by its
    field and every good one kept: its public id travels in a hidden field, so the form shown
    again lists it as already uploaded and the next submission uses it without a new upload.
    Whether a kept id may be used (the uploader's, not yet part of a case) is decided again by
    the service that attaches it."""

    def upload_slots(self) -> dict[int, tuple[str, str]]:  # pragma: no cover - each form defines it
        raise NotImplementedError

    @property
    def kept(self) -> dict[int, dict]:
        """Material id → {"id", "name", "sha256"} of the uploads this form holds."""
        return self.__dict__.setdefault("_kept", {})

    def references(self) -> dict[int, str]:
        return {material_id: upload["id"] for material_id, upload in self.kept.items()}

    def kept_hashes(self) -> dict[int, str]:
        return {material_id: upload["sha256"] for material_id, upload in self.kept.items()}

    def keep_uploads(self, *, actor, now) -> list:
        """Store the new files, look up the kept ones; the problems, as FieldErrors on
        `upload.<material id>` (see field_of). Runs once per form."""
        if "_upload_problems" in self.__dict__:
            return self._upload_problems
        problems, data = [], self.data.copy()
        slots = self.upload_slots()
        kept_ids = [_uuid_text(self.data.get(kept_field)) for _file_field, kept_field in slots.values()]
        earlier = {str(f.public_id): f for f in CaseFile.objects.filter(
            public_id__in=[ref for ref in kept_ids if ref], uploaded_by=actor, case__isnull=True)
        } if getattr(actor, "pk", None) else {}
        for material_id, (file_field, kept_field) in slots.items():
            upload: UploadedFile | None = self.files.get(file_field)
            stored = earlier.get(_uuid_text(self.data.get(kept_field)) or "")
            if upload:
                try:
                    stored = store_upload(name=upload.name or "upload", data=upload.read(MAX_UPLOAD_READ),
                                          actor=actor, now=now)
                except DomainError as error:
                    problems.append(FieldError(f"upload.{material_id}", error.code, error.message))
            if stored is None:
                data[kept_field] = ""
                continue
            data[kept_field] = str(stored.public_id)
            self.kept[material_id] = {"id": str(stored.public_id), "name": stored.original_name,
                                      "sha256": stored.sha256}
        self.data, self._upload_problems = data, problems
        return problems


def _uuid_text(value) -> str | None:
    try:
        return str(uuid.UUID(str(value))) if value else None
    except ValueError:
        return None


class ApplicationForm(KeepsUploads, forms.Form):
    """申请表 — how each catalog material is provided, and the signed commitment when needed."""

    idempotency_key = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def __init__(self, *args, materials: list, today: date, held: frozenset[str] = frozenset(),
                 at_window: bool = False, signer: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.materials = materials
        self.today = today
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
        for material in materials:
            choices = provision_choices(material, held=held, at_window=at_window)
            self.fields[f"m{material.id}_provision"] = forms.ChoiceField(
                label=f"{material.name}的提供方式", choices=choices, widget=forms.RadioSelect,
                initial=default_provision(material, choices),
                error_messages={"required": f"请选择“{material.name}”的提供方式。",
                                "invalid_choice": f"“{material.name}”不能以该方式提供。"},
            )
            self.fields[f"m{material.id}_file"] = forms.FileField(
                label=f"上传{material.name}", required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
            )
            self.fields[f"m{material.id}_kept"] = forms.CharField(required=False, max_length=36,
                                                                  widget=forms.HiddenInput)
        self.offers_commitment = any(m.commitment_allowed or m.is_waivable for m in materials)
        # 告知承诺: the item's published 承诺书, shown in full; its version travels with the form so
        # that a guide republished meanwhile makes the applicant read and sign the new text
        self.pledge = next((m.version for m in materials if m.commitment_allowed), None)
        if self.offers_commitment:
            self.fields["signed_name"] = forms.CharField(
                label="承诺人签名", required=False, max_length=200, initial=signer,
                help_text="签名即表示已阅读并同意上述承诺书，愿意承担违反承诺的法律责任。")
            if self.pledge is not None:
                self.fields["commitment_version"] = forms.IntegerField(
                    required=False, min_value=1, initial=self.pledge.number, widget=forms.HiddenInput)
            self.fields["commitment_text"] = forms.CharField(
                label="容缺补交承诺", required=False, max_length=2000, initial=DEFAULT_COMMITMENT,
                widget=forms.Textarea(attrs={"rows": 3}))
            self.fields["waiver_due_date"] = forms.DateField(
                label="容缺材料承诺补交日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                error_messages={"invalid": "请输入有效日期，如 2026-12-31。"})

    def material_rows(self) -> list[MaterialRow]:
        return [MaterialRow(self, material) for material in self.materials]

    def upload_slots(self) -> dict[int, tuple[str, str]]:
        """Material id → (file field, kept field) of the materials whose file is wanted."""
        return {m.id: (f"m{m.id}_file", f"m{m.id}_kept") for m in self.materials
                if self.data.get(f"m{m.id}_provision") == Provision.SUBMITTED}

    def clean(self):
        data = super().clean()
        provisions = {m.id: data.get(f"m{m.id}_provision") for m in self.materials}
        for material in self.materials:
            upload = data.get(f"m{material.id}_file") or data.get(f"m{material.id}_kept")
            if provisions[material.id] == Provision.SUBMITTED and not upload:
                self.add_error(f"m{material.id}_file", f"请上传“{material.name}”，或选择其他提供方式。")
            elif data.get(f"m{material.id}_file") and provisions[material.id] not in (Provision.SUBMITTED, None):
                self.add_error(f"m{material.id}_file", f"已选择不上传“{material.name}”：请移除文件，或改选“上传文件”。")
        chosen = set(provisions.values())
        if self.offers_commitment and chosen & set(NEEDS_COMMITMENT):
            if not data.get("signed_name", "").strip():
                self.add_error("signed_name", "以告知承诺或容缺方式提供材料，须由申请人签署承诺书。")
            if Provision.WAIVED in chosen and not data.get("commitment_text", "").strip():
                self.add_error("commitment_text", "请填写容缺补交承诺。")
            due = data.get("waiver_due_date")
            if Provision.WAIVED in chosen and due is None and "waiver_due_date" not in self.errors:
                self.add_error("waiver_due_date", "容缺受理须写明补交材料的承诺日期。")
        return data

    def material_inputs(self) -> list[MaterialInput]:
        references = self.references()
        return [MaterialInput(m.id, self.cleaned_data[f"m{m.id}_provision"], references.get(m.id))
                for m in self.materials]

    def commitment_input(self) -> CommitmentInput | None:
        chosen = {self.cleaned_data.get(f"m{m.id}_provision") for m in self.materials}
        if not chosen & set(NEEDS_COMMITMENT):
            return None
        data = self.cleaned_data
        return CommitmentInput(
            signed_name=data["signed_name"].strip(),
            text=data["commitment_text"].strip() if Provision.WAIVED in chosen else "",
            due_date=data.get("waiver_due_date") if Provision.WAIVED in chosen else None,
            template_version=data.get("commitment_version") if Provision.COMMITMENT in chosen else None,
        )

    def fingerprint(self) -> dict:
        """What makes two submissions the same request (for the Idempotency-Key check): the
        files by content, so a double click that stored the same files twice is one request."""
        values = {name: value for name, value in self.cleaned_data.items()
                  if name != "idempotency_key" and value is not None and not name.endswith("_kept")
                  and not isinstance(value, UploadedFile)}
        values["files"] = {str(material_id): sha for material_id, sha in self.kept_hashes().items()}
        return values

    def field_of(self, service_field: str | None) -> str | None:
        """The form field a service error names (`materials[2]`, `commitment.due_date` …)."""
        if not service_field:
            return None
        names = {"commitment": "signed_name", "commitment.due_date": "waiver_due_date",
                 "commitment.template_version": "signed_name"}
        for index, material in enumerate(self.materials):
            names[f"materials[{index}]"] = f"m{material.id}_provision"
            names[f"upload.{material.id}"] = f"m{material.id}_file"
        name = names.get(service_field, service_field)
        return name if name in self.fields else None


class OnlineApplicationForm(ApplicationForm):
    """网上申办 — the applicant is the signed-in account (or an enterprise it acts for)."""

    def __init__(self, *args, enterprises: list[tuple[str, str]], personal: bool, phone: str = "",
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if enterprises:
            choices = ([("", "以本人名义申请")] if personal else []) + enterprises
            self.fields["enterprise_uscc"] = forms.ChoiceField(
                label="申请主体", choices=choices, required=not personal,
                error_messages={"required": "请选择代表申请的企业。", "invalid_choice": "您不是该企业的经办人。"})
        self.fields["phone"] = forms.RegexField(
            label="联系电话", regex=PHONE_PATTERN, initial=phone, error_messages={"invalid": PHONE_MESSAGE,
                                                                                "required": "请填写联系电话。"})
        self.order_fields(["idempotency_key", "enterprise_uscc", "phone"])

    def field_of(self, service_field: str | None) -> str | None:
        if service_field == "applicant.code":
            service_field = "enterprise_uscc"
        return super().field_of(service_field)


class IntakeForm(ApplicationForm):
    """窗口受理 / 帮办代办 — the clerk or helper records the applicant and scans the materials."""

    applicant_kind = forms.ChoiceField(label="申请人类型", choices=ApplicantKind.choices,
                                       initial=ApplicantKind.PERSON, widget=forms.RadioSelect)
    applicant_code = forms.CharField(label="证件号码（居民身份证号或统一社会信用代码）", max_length=18,
                                     error_messages={"required": "请填写申请人证件号码。"})
    applicant_name = forms.CharField(label="申请人姓名或名称", max_length=200,
                                     error_messages={"required": "请填写申请人姓名或名称。"})
    applicant_phone = forms.RegexField(label="联系电话", regex=PHONE_PATTERN,
                                       error_messages={"invalid": PHONE_MESSAGE, "required": "请填写联系电话。"})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, at_window=True, **kwargs)
        self.order_fields(["idempotency_key", "applicant_kind", "applicant_code", "applicant_name",
                           "applicant_phone"])

    def clean(self):
        data = super().clean()
        code = data.get("applicant_code", "").strip()
        if code and data.get("applicant_kind"):
            try:
                data["applicant_code"] = (validate_id_number(code)
                                          if data["applicant_kind"] == ApplicantKind.PERSON
                                          else validate_uscc(code))
            except InvalidCheckDigitCode as error:
                self.add_error("applicant_code", error.message)
        return data

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(data["applicant_kind"], data["applicant_name"].strip(), data["applicant_code"],
                         data["applicant_phone"].strip())

    def field_of(self, service_field: str | None) -> str | None:
        service_field = {"applicant.code": "applicant_code", "applicant.name": "applicant_name",
                         "applicant": "applicant_code"}.get(service_field or "", service_field)
        return super().field_of(service_field)


def applicant_code_of(data) -> str:
    """The typed applicant's code, if it is well-formed (to look up licences they hold)."""
    code = (data.get("applicant_code") or "").strip()
    try:
        if data.get("applicant_kind") == ApplicantKind.ENTERPRISE:
            return validate_uscc(code)
        return validate_id_number(code)
    except InvalidCheckDigitCode:
        return ""


class ItemSearchForm(forms.Form):
    q = forms.CharField(label="搜索事项", required=False, max_length=50)


class TransitionForm(forms.Form):
    """One step of the case's workflow, naming the version the clerk saw (409 when stale)."""

    action = forms.CharField(max_length=40)
    expected_version = forms.IntegerField(min_value=0, error_messages={
        "required": "缺少办件版本号，请刷新页面后重试。", "invalid": "办件版本号无效，请刷新页面后重试。"})
    reason = forms.CharField(required=False, max_length=2000)
    legal_basis = forms.CharField(required=False, max_length=2000)
    materials = forms.CharField(required=False, max_length=4000)
    procedure = forms.ChoiceField(required=False, choices=[("", "")] + SpecialProcedureKind.choices,
                                  error_messages={"invalid_choice": "请选择该事项列明的特别程序。"})
    delivery = forms.ChoiceField(required=False, choices=[("", "")] + Delivery.choices,
                                 error_messages={"invalid_choice": "请选择送达方式。"})

    def command(self) -> Command:
        data = self.cleaned_data
        lines = tuple(line.strip() for line in data["materials"].splitlines() if line.strip())
        return Command(action=data["action"], expected_version=data["expected_version"],
                       reason=data["reason"], legal_basis=data["legal_basis"], materials=lines,
                       procedure=data["procedure"], delivery=data["delivery"])


class TaskForm(forms.Form):
    """并联审批 — this department's opinion on a case the lead department is reviewing."""

    approve = forms.TypedChoiceField(label="本部门意见", choices=[("yes", "同意"), ("no", "不同意")],
                                     coerce=lambda value: value == "yes", widget=forms.RadioSelect,
                                     error_messages={"required": "请选择同意或不同意。"})
    opinion = forms.CharField(label="意见说明", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    expected_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput, error_messages={
        "required": "缺少办件版本号，请刷新页面后重试。"})


class TrackForm(forms.Form):
    """办件查询 — the 办件编号 and the last 4 of the phone or ID number, no login."""

    number = forms.CharField(label="办件编号", max_length=50, error_messages={"required": "请输入办件编号。"})
    last_four = forms.RegexField(label="手机号或证件号后 4 位", regex=r"^[0-9Xx]{4}$", max_length=4,
                                 error_messages={"invalid": "请输入 4 位数字（身份证号末位可为 X）。",
                                                 "required": "请输入手机号或证件号后 4 位。"})


class PickupForm(forms.Form):
    """领取 — the exit-window clerk records the collector and the identity check."""

    expected_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput, error_messages={
        "required": "缺少办件版本号，请刷新页面后重试。"})
    collector_kind = forms.ChoiceField(label="领取人", choices=CollectorKind.choices, widget=forms.RadioSelect,
                                       initial=CollectorKind.SELF, error_messages={"required": "请选择领取人。"})
    collector_name = forms.CharField(label="领取人姓名", max_length=100,
                                     error_messages={"required": "请填写领取人姓名。"})
    id_type = forms.ChoiceField(label="证件类型", choices=IdDocumentType.choices, initial=IdDocumentType.RESIDENT_ID)
    collector_id_number = forms.CharField(label="证件号码", max_length=40,
                                          error_messages={"required": "请填写领取人证件号码。"})
    id_checked = forms.BooleanField(label="已核验证件原件，人证相符", required=False)
    authorisation = forms.CharField(label="授权委托书（代领时填写编号或说明）", max_length=200, required=False)

    def pickup_input(self) -> PickupInput:
        data = self.cleaned_data
        return PickupInput(collector_kind=data["collector_kind"], collector_name=data["collector_name"],
                           id_type=data["id_type"], id_number=data["collector_id_number"],
                           id_checked=data["id_checked"], authorisation=data["authorisation"])


class HandInForm(KeepsUploads, forms.Form):
    """Files handed in after intake: on 补正后重新提交 (any material of the case) or for the
    case's 容缺 promise (the waived materials); one optional file per material."""

    expected_version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput,
                                          error_messages={"invalid": "办件版本号无效，请刷新页面后重试。"})

    def __init__(self, *args, material_ids: set[int], waiver: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.material_ids, self.waiver = sorted(material_ids), waiver
        for material_id in self.material_ids:
            self.fields[f"file_{material_id}"] = forms.FileField(required=False)
            self.fields[f"kept_{material_id}"] = forms.CharField(required=False, max_length=36,
                                                                 widget=forms.HiddenInput)

    def upload_slots(self) -> dict[int, tuple[str, str]]:
        return {material_id: (f"file_{material_id}", f"kept_{material_id}") for material_id in self.material_ids}

    def clean(self):
        data = super().clean()
        if not self.waiver and data.get("expected_version") is None and "expected_version" not in self.errors:
            self.add_error(None, "缺少办件版本号，请刷新页面后重试。")
        return data

    def field_of(self, service_field: str | None) -> str | None:
        prefix, _, material_id = (service_field or "").partition(".")
        name = f"file_{material_id}" if prefix in ("files", "upload") else ""
        return name if name in self.fields else None

    def show_error(self, error: DomainError) -> None:
        for problem in getattr(error, "errors", None) or [error]:
            self.add_error(self.field_of(problem.field), problem.message)

"""Builders that turn a few words per item into a complete guide dict (办事指南).

Each data module lists its items as ``item(...)`` calls; everything not said takes a sensible
default (steps by 办件类型, visits by channel, 不收费 unless fees are given …). The result
is the plain guide shape of :mod:`tongban.catalog.guide`, validated when the loader creates it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .codes import LICENSE_TYPES, license_code, license_name

#: The demo district (tongban.demo.district.regions.DISTRICT_CODE); department codes are
#: ``371302-<suffix>``.
DISTRICT_CODE = "371302"

#: 服务对象 shortcuts (GB/T 39046 表A codes).
PERSON = ("1",)
ENTERPRISE = ("2",)
ORGANISATIONS = ("2", "3", "4", "6")
EVERYONE = ("1", "2", "3", "4", "6")

#: 咨询电话 of the demo departments (demo numbers).
PHONES = {
    "SPJ": "0539-8311001", "SCJG": "0539-8311002", "ZJ": "0539-8311003", "RS": "0539-8311004",
    "ZRZY": "0539-8311005", "WJ": "0539-8311006", "GA": "0539-8311007", "MZ": "0539-8311008",
    "SW": "0539-8311009", "CXSW": "0539-8311010", "JT": "0539-8311011", "JYTY": "0539-8311012",
    "YB": "0539-8311013", "SF": "0539-8311014", "ZHZF": "0539-8311016", "SHANGWU": "0539-8311017",
    "NYNC": "0539-8311018", "CZ": "0539-8311019", "FG": "0539-8311020",
}

PROMISED_STEPS = (
    ("申请", "applicant", "通过“爱山东”政务服务平台或综合窗口提交申请材料"),
    ("受理", "intake", "综合窗口审核材料是否齐全、符合法定形式，当场作出受理或一次性告知补正"),
    ("审查", "review", "承办科室对申请材料进行实质审查"),
    ("决定", "decision", "作出准予或不予办理的决定"),
    ("制证送达", "issue", "窗口领取或免费邮寄送达，电子证照同步归集"),
)
IMMEDIATE_STEPS = (
    ("申请", "applicant", "线上提交或到窗口申请"),
    ("受理", "intake", "窗口核验身份和材料"),
    ("办结", "decision", "当场审核办结并出具结果"),
)


@dataclass(frozen=True)
class ItemSpec:
    """One 实施清单 entry to load: department suffix, 基本编码, 业务办理项编号 and its guide."""

    department: str
    basic_code: str
    guide: dict[str, Any]
    business_item_number: str = "00"

    @property
    def name(self) -> str:
        return self.guide["name"]


def mat(name: str, *, form: str = "original", medium: str = "either", count: int = 1,
        required: bool = True, waivable: bool = False, license: str = "", shared: str = "",
        commit: bool = False, notes: str = "") -> dict[str, Any]:
    """申请材料; ``license`` is a key of codes.LICENSE_TYPES (免证办 by 电子证照)."""
    return {
        "name": name, "form": form, "count": count, "medium": medium, "is_required": required,
        "is_waivable": waivable, "license_type": license_code(license) if license else "",
        "shared_data_source": shared, "commitment_allowed": commit, "notes": notes,
    }


def lic(key: str, name: str = "", **options: Any) -> dict[str, Any]:
    """A material the window pulls from the 电子证照库 instead of asking for it."""
    return mat(name or license_name(key), license=key, **options)


def shared(name: str, source: str, **options: Any) -> dict[str, Any]:
    """A material obtained through 数据共享 instead of from the applicant."""
    return mat(name, shared=source, **options)


def promise(name: str, **options: Any) -> dict[str, Any]:
    """A proof an applicant may replace with a signed 告知承诺书."""
    return mat(name, commit=True, **options)


def form(name: str = "申请表", **options: Any) -> dict[str, Any]:
    """The application form, filled in online or at the window."""
    return mat(name, medium="either", notes="可在线填报，系统自动生成", **options)


def ident(name: str = "申请人居民身份证", **options: Any) -> dict[str, Any]:
    return lic("SFZ", name, **options)


def licence_holder() -> dict[str, Any]:
    return lic("YYZZ", "营业执照")


def proc(kind: str, max_duration: int, description: str = "", unit: str = "working") -> dict[str, Any]:
    """特别程序 — its time is excluded from the item's limit, up to ``max_duration``."""
    return {"kind": kind, "max_duration": max_duration, "unit": unit, "description": description}


def fee(name: str, standard: str, basis: str) -> dict[str, str]:
    return {"name": name, "standard": standard, "basis": basis}


def rule(field: str, op: str, value: Any, effect: str = "") -> dict[str, Any]:
    """A checkable 受理条件 for the pre-check (预审)."""
    return {"field": field, "op": op, "value": value, **({"effect": effect} if effect else {})}


def _result(result: str | tuple[str, str], item_type: str) -> dict[str, Any]:
    """A licence key, or (result kind, result name). 清单之外无许可: only 行政许可 results are
    of kind ``license``; other items that issue a card or certificate are ``certificate``."""
    if isinstance(result, str) and result in LICENSE_TYPES:
        kind = "license" if item_type == "01" else "certificate"
        return {"result_kind": kind, "result_name": license_name(result),
                "result_license_type": license_code(result)}
    kind, name = result
    return {"result_kind": kind, "result_name": name, "result_license_type": ""}


def _channels(online: str, reason: str, visits: int | None) -> dict[str, Any]:
    if online == "full":
        return {"can_apply_online": True, "fully_online": True, "visits": 0,
                "negative_list": False, "negative_list_reason": ""}
    if online == "online":
        return {"can_apply_online": True, "fully_online": False,
                "visits": 1 if visits is None else visits,
                "negative_list": False, "negative_list_reason": ""}
    if online == "offline":
        return {"can_apply_online": False, "fully_online": False,
                "visits": 1 if visits is None else visits,
                "negative_list": True, "negative_list_reason": reason}
    raise ValueError(f"unknown online mode {online!r}")


# 告知承诺书 of the demo items, in the form 临沂市政务服务告知承诺制管理办法 asks for (seed 000 第16条:
# 承诺内容、方式、要求和违反承诺应承担的法律责任), naming the item and the proofs it replaces.
def commitment_form(name: str, result_name: str, legal_basis: str, promised: list[str],
                    objects: tuple[str, ...]) -> dict[str, str]:
    """The 承诺书 of an item whose ``promised`` materials may be replaced by a commitment."""
    who = "本人" if objects == PERSON else "本单位" if "1" not in objects else "本人（本单位）"
    proofs = "、".join(f"“{material}”" for material in promised)
    content = (
        f"{who}申请办理“{name}”，现就以下证明事项作出承诺：\n"
        f"一、{who}已知晓行政机关告知的全部内容，包括办理该事项的条件、标准和要求；\n"
        f"二、{who}符合办理该事项的条件，{proofs}所证明的事项真实存在，以承诺替代上述证明材料；\n"
        f"三、{who}所填写的信息和提交的其他材料真实、准确、完整；\n"
        f"四、{who}同意行政机关在作出决定后依法核查承诺内容，并如实提供核查所需的资料，配合现场核查；\n"
        f"五、上述承诺是{who}真实意思的表示，{who}愿意承担不实承诺的法律责任。"
    )
    liability = (
        f"{who}作出不实承诺或者违反承诺的，行政机关将依法撤销已作出的“{result_name}”等办理结果，"
        "尚未领取的办理结果不予发放；将不实承诺、违反承诺的情况记入信用记录，认定为严重失信，"
        "在一定期限内不再适用告知承诺制和容缺受理，并依法实施联合惩戒；"
        "造成损失的依法承担赔偿责任，涉嫌犯罪的依法移送司法机关。"
        f"依据：{legal_basis}；《临沂市政务服务告知承诺制管理办法（试行）》。"
    )
    return {"commitment_content": content, "commitment_liability": liability}


def item(
    department: str, basic_code: str, name: str, basis: str, *,
    objects: tuple[str, ...] = ENTERPRISE,
    limits: tuple[int, int] = (20, 5),
    unit: str = "working",
    result: str | tuple[str, str] = ("approval", "准予行政许可决定书"),
    online: str = "online",
    reason: str = "",
    visits: int | None = None,
    mobile: bool = False,
    kiosk: bool = False,
    near: str = "",
    cross: str = "",
    themes: tuple[str, ...] = (),
    conditions: tuple[str | tuple[str, dict], ...] = (),
    materials: tuple[dict[str, Any], ...] = (),
    steps: tuple[tuple[str, str, str], ...] | None = None,
    procedures: tuple[dict[str, Any], ...] = (),
    fees: tuple[dict[str, str], ...] = (),
    co_departments: tuple[str, ...] = (),
    business: str = "00",
    **extra: Any,
) -> ItemSpec:
    """One 实施清单 item. ``limits`` = (法定, 承诺) in ``unit``; 承诺 0 makes it a 即办件.
    ``online`` is ``full`` (全程网办, 0 visits), ``online`` (网上申请, 1 visit) or ``offline``
    (网办负面清单, needs ``reason``). ``co_departments`` are 并联审批 department suffixes.
    ``extra`` sets any other guide field."""
    item_type = basic_code[:2]
    statutory, promised = limits
    kind = "immediate" if promised == 0 else "promised"
    if steps is None:
        steps = IMMEDIATE_STEPS if kind == "immediate" else PROMISED_STEPS
    guide: dict[str, Any] = {
        "name": name,
        "item_type": item_type,
        "legal_basis": basis,
        "implementation_basis": "",
        "service_objects": list(objects),
        "statutory_limit": statutory, "statutory_unit": unit,
        "promised_limit": promised, "promised_unit": unit,
        "case_kind": kind,
        "is_free": not fees,
        **_result(result, item_type),
        "intermediary_services": "", "quantity_limit": "", "annual_inspection": "",
        **_channels(online, reason, visits),
        "mobile": mobile, "kiosk": kiosk,
        "near_home_level": near, "cross_region_scope": cross,
        "window_acceptance": True,
        "consultation_phone": PHONES.get(department, ""),
        "themes": list(themes),
        "co_departments": [f"{DISTRICT_CODE}-{suffix}" for suffix in co_departments],
        "conditions": [
            {"text": c, "rule": None} if isinstance(c, str) else {"text": c[0], "rule": c[1]}
            for c in conditions
        ],
        "materials": list(materials),
        "steps": [{"name": n, "role": r, "description": d} for n, r, d in steps],
        "special_procedures": list(procedures),
        "fees": list(fees),
    }
    promised_materials = [m["name"] for m in materials if m["commitment_allowed"]]
    if promised_materials:
        guide.update(commitment_form(name, guide["result_name"], basis, promised_materials, objects))
    unknown = set(extra) - set(guide)
    if unknown:
        raise ValueError(f"{name}: unknown guide fields {sorted(unknown)}")
    guide.update(extra)
    return ItemSpec(department, basic_code, guide, business)

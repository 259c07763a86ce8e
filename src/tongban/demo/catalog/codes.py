"""主题 and 证照类型 of the demo catalog (兰山区).

证照类型代码 (GB/T 36904) = the defining ministry's 统一社会信用代码 (18) + a 3-digit sequence.
Two ministry codes are real and observed in public electronic-licence code:
住房和城乡建设部 ``11100000000013338W`` and 自然资源部 ``11100000MB03271699`` (whose
``…001`` is the real 不动产权证书 type code). The other ministries get generated, valid USCCs
with the visibly fake body ``TB…`` (Tongban), and every sequence except 不动产权证书 ``001`` is
a demo value: do not mistake them for the national 证照目录.
"""

from __future__ import annotations

from tongban.catalog.constants import Audience
from tongban.core.checkdigits import make_uscc

CITIZEN, ENTERPRISE = Audience.CITIZEN, Audience.ENTERPRISE

#: 主题 (life events): (code, name, audience).
THEMES: tuple[tuple[str, str, str], ...] = (
    ("newborn", "新生儿出生", CITIZEN),
    ("employment", "就业创业", CITIZEN),
    ("social-insurance", "社保医保", CITIZEN),
    ("household-id", "户籍证件", CITIZEN),
    ("marriage-adoption", "婚育收养", CITIZEN),
    ("housing", "住房", CITIZEN),
    ("retirement", "退休养老", CITIZEN),
    ("business-startup", "企业开办", ENTERPRISE),
    ("open-restaurant", "开饭店", ENTERPRISE),
    ("construction", "工程建设", ENTERPRISE),
    ("utilities", "水电气报装", ENTERPRISE),
    ("business-closure", "企业注销", ENTERPRISE),
    ("human-resources", "人力资源", ENTERPRISE),
)


def _demo_ministry(serial: int) -> str:
    """A valid but visibly generated ministry USCC (body ``TB`` + serial)."""
    return make_uscc(f"11100000TB{serial:07d}")


#: 证照定义机构 (defining ministry) → USCC.
MINISTRIES: dict[str, str] = {
    "住房和城乡建设部": "11100000000013338W",  # real
    "自然资源部": "11100000MB03271699",  # real
    "国家市场监督管理总局": _demo_ministry(1),
    "国家卫生健康委员会": _demo_ministry(2),
    "公安部": _demo_ministry(3),
    "民政部": _demo_ministry(4),
    "人力资源和社会保障部": _demo_ministry(5),
    "交通运输部": _demo_ministry(6),
    "教育部": _demo_ministry(7),
    "水利部": _demo_ministry(8),
    "农业农村部": _demo_ministry(9),
    "财政部": _demo_ministry(10),
    "国家药品监督管理局": _demo_ministry(11),
}

#: 证照类型: key → (name, defining ministry, sequence, issuing demo department suffix, holder).
LICENSE_TYPES: dict[str, tuple[str, str, str, str, str]] = {
    "YYZZ": ("营业执照", "国家市场监督管理总局", "001", "SCJG", ENTERPRISE),
    "SPJY": ("食品经营许可证", "国家市场监督管理总局", "002", "SCJG", ENTERPRISE),
    "YPJY": ("药品经营许可证", "国家药品监督管理局", "001", "SCJG", ENTERPRISE),
    "GGCS": ("公共场所卫生许可证", "国家卫生健康委员会", "001", "SPJ", ENTERPRISE),
    "CSZM": ("出生医学证明", "国家卫生健康委员会", "002", "WJ", CITIZEN),
    "YSZY": ("医师执业证书", "国家卫生健康委员会", "003", "WJ", CITIZEN),
    "YLJG": ("医疗机构执业许可证", "国家卫生健康委员会", "004", "WJ", ENTERPRISE),
    "SGXK": ("建筑工程施工许可证", "住房和城乡建设部", "901", "ZJ", ENTERPRISE),
    "RQJY": ("燃气经营许可证", "住房和城乡建设部", "902", "ZJ", ENTERPRISE),
    "PSXK": ("城镇污水排入排水管网许可证", "住房和城乡建设部", "903", "CXSW", ENTERPRISE),
    "BDCQ": ("不动产权证书", "自然资源部", "001", "ZRZY", CITIZEN),  # real type code
    "GCGH": ("建设工程规划许可证", "自然资源部", "901", "ZRZY", ENTERPRISE),
    "YDGH": ("建设用地规划许可证", "自然资源部", "902", "ZRZY", ENTERPRISE),
    "SFZ": ("居民身份证", "公安部", "001", "GA", CITIZEN),
    "HKB": ("居民户口簿", "公安部", "002", "GA", CITIZEN),
    "JHZ": ("结婚证", "民政部", "001", "MZ", CITIZEN),
    "RLZY": ("人力资源服务许可证", "人力资源和社会保障部", "001", "RS", ENTERPRISE),
    "LWPQ": ("劳务派遣经营许可证", "人力资源和社会保障部", "002", "RS", ENTERPRISE),
    "SBK": ("社会保障卡", "人力资源和社会保障部", "003", "RS", CITIZEN),
    "JYCY": ("就业创业证", "人力资源和社会保障部", "004", "RS", CITIZEN),
    "DLYS": ("道路运输经营许可证", "交通运输部", "001", "JT", ENTERPRISE),
    "WYCJ": ("网络预约出租汽车驾驶员证", "交通运输部", "002", "JT", CITIZEN),
    "MBXX": ("民办学校办学许可证", "教育部", "001", "JYTY", ENTERPRISE),
    "JSZG": ("教师资格证书", "教育部", "002", "JYTY", CITIZEN),
    "QSXK": ("取水许可证", "水利部", "001", "CXSW", ENTERPRISE),
    "NYJY": ("农药经营许可证", "农业农村部", "001", "NYNC", ENTERPRISE),
    "SYJY": ("兽药经营许可证", "农业农村部", "002", "NYNC", ENTERPRISE),
    "DLJZ": ("代理记账许可证书", "财政部", "001", "CZ", ENTERPRISE),
}


def license_code(key: str) -> str:
    """GB/T 36904 证照类型代码 of a demo licence type, by its short key."""
    _, ministry, sequence, _, _ = LICENSE_TYPES[key]
    return MINISTRIES[ministry] + sequence


def license_name(key: str) -> str:
    return LICENSE_TYPES[key][0]

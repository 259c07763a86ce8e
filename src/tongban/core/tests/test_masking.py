"""个人信息脱敏 tests: one masking rule for pages, exports and log lines."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongban.core.checkdigits import make_id_number, make_uscc
from tongban.core.masking import (
    MaskingLogFilter,
    mask,
    mask_address,
    mask_id_number,
    mask_name,
    mask_phone,
    mask_text,
)


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("370302199001011232", "370302********1232"),
        ("11010519491231002X", "110105********002X"),
        (" 370302199001011232 ", "370302********1232"),
        ("370302900101123", "370302******123"),  # 15-char 一代证
        ("3703021990010112321", "370302*********2321"),
        ("12345678", "12****78"),
        ("123", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id_number(raw: str | None, masked: str) -> None:
    assert mask_id_number(raw) == masked


@given(st.text("0123456789X", min_size=1, max_size=30))
def test_mask_id_number_never_reveals_more_than_6_plus_4(value: str) -> None:
    masked = mask_id_number(value)
    assert len(masked) == len(value)
    revealed = sum(c != "*" for c in masked)
    assert revealed <= 10
    assert len(value) == 15 or revealed <= len(value) // 2 + 1  # 15: 6 + 3 of an old ID
    if len(value) in (15, 18):  # the birth date (YYMMDD / YYYYMMDD) is always hidden
        assert set(masked[6 : {15: 12, 18: 14}[len(value)]]) == {"*"}


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("+86 138-1234-5678", "+86 138****5678"),
        ("0539-8123456", "0539-***3456"),
        ("05398123456", "0539-***3456"),
        ("010-12345678", "010-****5678"),
        ("02112345678", "021-****5678"),
        ("8123456", "***3456"),
        ("12345", "*****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(raw: str | None, masked: str) -> None:
    assert mask_phone(raw) == masked


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("山东省临沂市兰山区金雀山路123号4单元501室", "山东省临沂市兰山区****"),
        ("北京市朝阳区建国路88号", "北京市朝阳区****"),
        ("江苏省镇江市京口区解放路1号", "江苏省镇江市京口区****"),  # 镇 starts a city name
        ("山东省济南市市中区经十路", "山东省济南市市中区****"),  # 市 starts a district name
        ("河北省唐山市路南区新华道12号", "河北省唐山市路南区****"),  # 路 starts a district name
        ("新疆维吾尔自治区乌鲁木齐市天山区光明路", "新疆维吾尔自治区乌鲁木齐市天山区****"),
        ("江苏省苏州市昆山市玉山镇前进路", "江苏省苏州市昆山市玉山镇****"),
        ("临沂市兰山区兰山街道金雀山路", "临沂市兰山区****"),
        ("山东省临沂市金雀山路123号", "山东省临沂市****"),  # no county: province + city
        ("阳光小区3号楼2单元", "阳光小****"),  # 小区 is not admin: keep len//3 chars
        ("金雀山路123号4单元501室", "金雀山路****"),
        ("山东省临沂市兰山区", "山东省临沂市兰山区"),  # nothing personal to hide
        ("", ""),
        (None, ""),
    ],
)
def test_mask_address(raw: str | None, masked: str) -> None:
    assert mask_address(raw) == masked


@pytest.mark.parametrize(
    ("raw", "masked"),
    [("张三丰", "张**"), ("李四", "李*"), ("欧阳娜娜", "欧***"), ("张", "*"), ("", ""), (None, "")],
)
def test_mask_name(raw: str | None, masked: str) -> None:
    assert mask_name(raw) == masked


def test_mask_dispatcher() -> None:
    assert mask("370302199001011232", "id_number") == "370302********1232"
    assert mask("13812345678", "phone") == "138****5678"
    assert mask("北京市朝阳区建国路88号", "address") == "北京市朝阳区****"
    assert mask("张三丰", "name") == "张**"
    with pytest.raises(ValueError):
        mask("x", "email")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("身份证370302199001011232，电话13812345678。", "身份证370302********1232，电话138****5678。"),
        ("id=11010519491231002x;", "id=110105********002x;"),
        ("phone:+8613912345678 end", "phone:+86139****5678 end"),
        ("两个号码13812345678/13912345678", "两个号码138****5678/139****5678"),
        # USCCs are enterprise codes, not personal data: left alone.
        ("企业91110000600037341L已登记", "企业91110000600037341L已登记"),
        ("主体11100000000013338W", "主体11100000000013338W"),
        # Runs inside longer alphanumeric tokens are not IDs or phone numbers.
        ("订单A13812345678B", "订单A13812345678B"),
        ("流水3703021990010112321", "流水3703021990010112321"),
        ("卡号6222021234567890123", "卡号6222021234567890123"),
        ("", ""),
    ],
)
def test_mask_text(text: str, masked: str) -> None:
    assert mask_text(text) == masked


def test_mask_text_leaves_digits_only_uscc_without_date_shape() -> None:
    # Positions 7–14 of this USCC read "00000000": no birth date, so it is not an ID.
    code = make_uscc("91370300000000001")
    assert code.isdigit()
    assert mask_text(f"统一社会信用代码{code}") == f"统一社会信用代码{code}"


def test_mask_text_masks_id_with_wrong_check_digit() -> None:
    # A mistyped ID is still personal data.
    assert mask_text("证件370302199001011233") == "证件370302********1233"


cjk_text = st.text(st.sampled_from("的是办件申请人电话身份证号，。：；、 "), max_size=12)


@given(
    cjk_text,
    cjk_text,
    st.text("0123456789", min_size=6, max_size=6),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)),
    st.integers(0, 999),
)
def test_mask_text_never_leaks_an_id(
    before: str, after: str, region: str, birth: date, seq: int
) -> None:
    number = make_id_number(region, birth, seq)
    masked = mask_text(before + number + after)
    assert number not in masked
    assert masked == before + mask_id_number(number) + after
    assert mask_text(masked) == masked  # idempotent


@pytest.fixture
def masked_logger() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskingLogFilter())
    logger = logging.getLogger("tongban.tests.masking")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    yield logger, stream
    logger.removeHandler(handler)


def test_log_filter_masks_args(masked_logger: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = masked_logger
    logger.info("申请人 %s 手机 %s 企业 %s", "370302199001011232", "13812345678", "91110000600037341L")
    assert stream.getvalue() == "申请人 370302********1232 手机 138****5678 企业 91110000600037341L\n"


def test_log_filter_masks_tracebacks(masked_logger: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = masked_logger
    try:
        raise ValueError("bad id 370302199001011232")
    except ValueError:
        logger.exception("failed for %s", "13812345678")
    output = stream.getvalue()
    assert "370302199001011232" not in output and "13812345678" not in output
    assert "ValueError: bad id 370302********1232" in output


def test_log_filter_survives_bad_args(masked_logger: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = masked_logger
    logger.info("two %s %s", "13812345678")  # wrong arg count must not raise
    assert "138****5678" in stream.getvalue()


def test_log_filter_sets_masked_msg_and_empty_args() -> None:
    args = ("370302199001011232",)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "id %s", args, None)
    assert MaskingLogFilter().filter(record) is True
    assert record.msg == "id 370302********1232"
    assert record.args == ()

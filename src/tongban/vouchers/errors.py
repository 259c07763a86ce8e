"""Refusals of the 消费券 services (stable codes, Chinese messages)."""

from tongban.core.errors import Conflict, DomainError, Forbidden, NotFound


class VoucherError(DomainError):
    pass


def round_not_open() -> DomainError:
    return Conflict("vouchers.round_not_open", "本轮消费券尚未开始投放或已结束。")


def sold_out() -> DomainError:
    return Conflict("vouchers.sold_out", "本轮消费券已领完。")


def not_real_name() -> DomainError:
    return Forbidden("vouchers.real_name_required", "领取消费券须实名认证（填写居民身份证号）。")


def not_found() -> DomainError:
    return NotFound("vouchers.not_found", "未找到该消费券。")


def round_not_found() -> DomainError:
    return NotFound("vouchers.round_not_found", "未找到该投放轮次。")


def redemption_not_found() -> DomainError:
    return NotFound("vouchers.redemption_not_found", "未找到该核销记录。")


def not_a_cashier() -> DomainError:
    return Forbidden("vouchers.not_a_cashier", "您不是活动商户的核销员。")


def merchant_not_listed() -> DomainError:
    return Forbidden("vouchers.merchant_not_listed", "该商户不在本次消费券活动白名单内。")


def below_threshold(threshold_yuan: str) -> DomainError:
    return VoucherError("vouchers.below_threshold", f"消费金额未达到使用门槛（满{threshold_yuan}元可用）。",
                        field="bill")


def expired() -> DomainError:
    return Conflict("vouchers.expired", "该消费券已过期。")


def not_yet_valid() -> DomainError:
    return Conflict("vouchers.not_yet_valid", "该消费券尚未生效。")


def already_redeemed() -> DomainError:
    return Conflict("vouchers.already_redeemed", "该消费券已使用。")


def one_per_purchase() -> DomainError:
    return Conflict("vouchers.one_per_purchase", "每笔消费限用一张消费券（该收银流水已使用过消费券）。")


def refund_too_large() -> DomainError:
    return VoucherError("vouchers.refund_too_large", "退款金额超过该笔消费的未退金额。", field="amount")


def bad_amount() -> DomainError:
    return VoucherError("vouchers.bad_amount", "金额格式不正确（以元为单位，最多两位小数）。", field="amount")


def bad_key() -> DomainError:
    return VoucherError("vouchers.bad_key", "流水号须为 1–64 个字母、数字、连字符或下划线。", field="till_key")

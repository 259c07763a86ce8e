"""Who may open the 消费券 pages and API (one rule per URL name)."""

from tongban.accounts.constants import Role
from tongban.accounts.policy import ANYONE, only

RESIDENT = only(Role.CITIZEN)  # natural persons with a real name; enterprises do not claim
TILL = only(Role.MERCHANT)
BOOKS = only(Role.SUPERVISOR, Role.LEADER, Role.ADMIN)

ACCESS_RULES = {
    "api:list_voucher_rounds": ANYONE,
    "api:claim_vouchers": RESIDENT,
    "api:list_my_vouchers": RESIDENT,
    "api:redeem_voucher": TILL,
    "api:refund_redemption": TILL,
    "api:get_voucher_settlement": TILL,
    "api:get_voucher_reconciliation": BOOKS,
    # Pages
    "vouchers:claim": RESIDENT,
    "vouchers:mine": RESIDENT,
    "vouchers:till": TILL,
    "vouchers:dashboard": BOOKS,
}

"""Access rules of the public catalog pages (to merge into catalog/access.py)."""

from tongban.accounts.policy import ANYONE

PAGE_ACCESS_RULES = {
    "catalog:list": ANYONE,
    "catalog:guide": ANYONE,
    "catalog:guide_pdf": ANYONE,
}

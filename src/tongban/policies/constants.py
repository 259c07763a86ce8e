"""Sizes that are not district rules (page sizes, the reach of one matching run)."""

MATCH_LIMIT = 500  # enterprise profiles one 精准匹配 / 免申即享 run reads (the demo district has a handful)
PAGE_SIZE = 50
MAX_PROJECT = 120  # length of a project name (the field's length)
MAX_REASON = 500  # length of a reason, objection or audit note (the fields' length)
ACCOUNT_DIGITS = (8, 32)  # a bank account number's length (a form check, not a district rule)

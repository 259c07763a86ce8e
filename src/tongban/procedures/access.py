"""Who may open the 政府内部程序 pages and API (one rule per URL name)."""

ACCESS_RULES: dict = {}

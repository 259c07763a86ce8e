"""Who may open the 工作台账 pages and API (one rule per URL name)."""

ACCESS_RULES: dict = {}

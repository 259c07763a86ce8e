"""Who may open the 监管 pages and API (one rule per URL name)."""

ACCESS_RULES: dict = {}

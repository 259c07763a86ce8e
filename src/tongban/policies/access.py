"""Who may open the 惠企政策 pages and API (one rule per URL name)."""

ACCESS_RULES: dict = {}

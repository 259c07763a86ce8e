"""Who may open the 电子证照 pages and API (one rule per URL name)."""

ACCESS_RULES: dict = {}

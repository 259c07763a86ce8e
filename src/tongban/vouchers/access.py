"""Who may open the 消费券 pages and API (one rule per URL name)."""

ACCESS_RULES: dict = {}

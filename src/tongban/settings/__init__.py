"""Settings split by environment: base (everything, env-driven), dev, test, prod."""

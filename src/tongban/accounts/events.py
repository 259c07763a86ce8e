"""Audit actions of accounts, in one place."""

ACCOUNT_LOCKED = "account.locked"
ACCOUNT_UNLOCKED = "account.unlocked"
USER_REGISTERED = "user.registered"
ENTERPRISE_REGISTERED = "enterprise.registered"
ENTERPRISE_AGENT_LINKED = "enterprise.agent_linked"

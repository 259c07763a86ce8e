"""Audit actions of the rule registry, in one place."""

OVERRIDE_SET = "rule.override_set"

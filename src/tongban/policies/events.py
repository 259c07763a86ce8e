"""Action (audit) and topic (outbox) names of the policies app, in one place."""

RULES_SAVED = "policies.rules_saved"
PROFILE_SAVED = "policies.profile_saved"
APPLIED = "policies.applied"
AUTO_PROPOSED = "policies.auto_proposed"
STEP = "policies.{action}"  # every workflow step: policies.audit_pass, policies.pay …
BATCH_PAID = "policies.batch_paid"

#: outbox topics other apps may react to
TOPIC_MATCHED = "policies.matched"  # an enterprise qualifies for a program (notification)
TOPIC_GRANTED = "policies.granted"  # money paid
TOPIC_CLAWED_BACK = "policies.clawed_back"

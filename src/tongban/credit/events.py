"""Every audit action and outbox topic of 信用, in one place."""

DISHONESTY_RECORDED = "credit.dishonesty_recorded"
HONOUR_RECORDED = "credit.honour_recorded"
CLASS_RECORDED = "credit.class_recorded"
RECORD_PUBLISHED = "credit.record_published"
REPAIR_APPLIED = "credit.repair_applied"
REPAIR_STEP = "credit.repair_{action}"  # repair, refuse

TOPIC_RECORD_REPAIRED = "credit.record_repaired"

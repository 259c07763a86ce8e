"""The ledger's audit actions and event topics (one place)."""

PLAN_IMPORTED = "ledger.plan_imported"
TASK_CORRECTED = "ledger.task_corrected"
ALIAS_LEARNED = "ledger.alias_learned"
PLAN_PUBLISHED = "ledger.plan_published"
PROGRESS_REPORTED = "ledger.progress_reported"

#: topic other apps may consume: a plan's tasks are now in the ledger
TOPIC_PLAN_PUBLISHED = "ledger.plan_published"
TOPIC_TASK_DUE_SOON = "ledger.task_due_soon"
TOPIC_TASK_OVERDUE = "ledger.task_overdue"

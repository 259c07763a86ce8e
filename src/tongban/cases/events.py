"""Audit actions and outbox topics of 办件 (one place: emitters, presenters and metrics use these).

A transition of the case workflow is audited as `transition(action)` ("case.<workflow action>").
"""

#: prefix of every case action; a workflow transition is audited as PREFIX + its action
PREFIX = "case."

# audit actions
SUBMITTED = "case.submitted"
IMPORTED = "case.imported"  # a generated / migrated case, one entry carrying its state
MATERIALS_HANDED_IN = "case.materials_handed_in"
TASK_COMPLETED = "case.task_completed"
TASK_RETURNED = "case.task_returned"
COMMITMENT_VERIFIED = "case.commitment_verified"
DUE_DATE_CONFIRMED = "case.due_date_confirmed"
DUE_DATE_MOVED = "case.due_date_moved"
FILE_VIEWED = "case.file_viewed"
FILE_DOWNLOADED = "case.file_downloaded"

# audit actions that are also outbox topics
COMMITMENT_VERIFICATION_OVERDUE = "case.commitment_verification_overdue"

# outbox topics
DECIDED = "case.decided"
WAIVER_REMINDER = "case.waiver_reminder"
COMMITMENT_BROKEN = "case.commitment_broken"


def transition(action: str) -> str:
    """The audit action of a case workflow transition."""
    return f"{PREFIX}{action}"

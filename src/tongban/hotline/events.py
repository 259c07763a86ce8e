"""Audit actions and outbox topics of 12345 tickets (one place: emitters, presenters and metrics use these).

A transition of the ticket workflow is audited as `transition(action)` ("hotline.<workflow action>").
"""

#: prefix of every ticket action; a workflow transition is audited as PREFIX + its action
PREFIX = "hotline."

# audit actions
REGISTER = "hotline.register"
IMPORTED = "ticket.imported"  # a generated / migrated ticket, one entry carrying its state
REPLY_COPIED = "hotline.reply_copied"
MERGE = "hotline.merge"
MERGE_MASTER = "hotline.merge_master"
ESCALATE = "hotline.escalate"
DUE_CONFIRMED = "hotline.due_confirmed"
SUPERVISE = "hotline.supervise"
ELEVATE = "hotline.elevate"

# outbox topics
ESCALATED = "hotline.escalated"


def transition(action: str) -> str:
    """The audit action of a ticket workflow transition."""
    return f"{PREFIX}{action}"

"""12345 tickets' audit actions and outbox topics; a workflow step is audited as PREFIX + its action."""

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


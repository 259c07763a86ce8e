"""Audit actions of 好差评: ratings, rectifications (整改) and appeals (one place: services and metrics use these)."""

RATING_CREATED = "rating.created"
RATING_IMPORTED = "rating.imported"
#: on a rating's chain when an upheld appeal takes it out of every rate
RATING_EXCLUDED = "rating.excluded"

RECTIFICATION_OPENED = "rectification.opened"
RECTIFICATION_ANSWERED = "rectification.answered"
RECTIFICATION_VERIFIED = "rectification.verified"
RECTIFICATION_RETURNED = "rectification.returned"
RECTIFICATION_CLOSED = "rectification.closed"
RECTIFICATION_REOPENED = "rectification.reopened"
RECTIFICATION_ESCALATED = "rectification.escalated"
RECTIFICATION_CANCELLED = "rectification.cancelled"
RECTIFICATION_IMPORTED = "rectification.imported"

APPEAL_FILED = "appeal.filed"
APPEAL_DECIDED = "appeal.decided"

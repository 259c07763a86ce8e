"""Audit actions and event topics of the government-internal procedures (one place)."""

# audit actions: f"{NORM_PREFIX}{action}" / f"{DECISION_PREFIX}{action}" for every workflow step
NORM_PREFIX = "procedures.norm."
DECISION_PREFIX = "procedures.decision."
NORM_CREATED = "procedures.norm.create"
PLAN_SUBMITTED = "procedures.plan.submit"
REVIEW_REQUESTED = "procedures.review_request.create"
REVIEW_ANSWERED = "procedures.review_request.answer"
REVIEW_EXTENDED = "procedures.review_request.extend"
CATALOGUE_PUBLISHED = "procedures.catalogue.publish"
DECISION_CREATED = "procedures.decision.create"
GUARANTEE_CHECKED = "procedures.guarantee.check"

# event topics other apps may consume (the ledger, metrics)
TOPIC_NORM_PUBLISHED = "procedures.norm_published"
TOPIC_NORM_EXPIRED = "procedures.norm_expired"
TOPIC_DECISION_DECIDED = "procedures.decision_decided"

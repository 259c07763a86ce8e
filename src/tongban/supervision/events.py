"""Every audit action and outbox topic of 监管, in one place."""

# audit actions
PLAN_CREATED = "supervision.plan_created"
PLAN_STEP = "supervision.plan_{action}"  # announce, draw, publish, conclude
INSPECTION_STEP = "supervision.inspection_{action}"  # record, order_rectification, reinspect
INSPECTION_OUTSIDE_DRAW = "supervision.inspection_outside_draw"
TASK_PUSHED = "supervision.task_pushed"
TASK_STEP = "supervision.task_{action}"  # receive, handle, feedback
TASK_ESCALATED = "supervision.task_escalated"
CLUE_RECEIVED = "supervision.clue_received"
CLUE_STEP = "supervision.clue_{action}"  # push, handle, feedback

# outbox topics this app emits
TOPIC_PLAN_PUBLISHED = "supervision.plan_published"
TOPIC_TASK_ESCALATED = "supervision.task_escalated"
TOPIC_COMMITMENT_CHECKED = "supervision.commitment_checked"

# outbox topics this app consumes
CONSUMER = "supervision.push"
TOPIC_CASE_DECIDED = "case.decided"

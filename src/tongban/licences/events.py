"""Event and audit action names of 电子证照 (one place)."""

# consumed
CASE_DECIDED = "case.decided"
CASE_COMMITMENT_BROKEN = "case.commitment_broken"
CONSUMER = "licences"

# emitted
LICENCE_ISSUED = "licence.issued"
LICENCE_STATUS_CHANGED = "licence.status_changed"

# audit actions
ISSUED = "licences.issued"
REISSUED = "licences.reissued"
STATUS_CHANGED = "licences.status_changed"
KEY_CREATED = "licences.key_created"
KEY_ROTATED = "licences.key_rotated"
VIEWED_FILE = "licences.holder_file_viewed"
SHOWN = "licences.shown"

"""Case services: intake, transitions, parallel tasks, commitments, uploads."""

from .commitments import deliver_waived_materials, run_waiver_deadlines, verify_commitment
from .pickups import PickupInput
from .jobs import recompute_provisional_due_dates
from .intake import Applicant, CommitmentInput, MaterialInput, applicant_for_account, submit_case
from .materials import resubmit_case
from .storage import store_upload
from .tasks import complete_task, return_task
from .transitions import Command, transition_case

__all__ = [
    "Applicant", "Command", "deliver_waived_materials", "run_waiver_deadlines", "verify_commitment", "CommitmentInput", "MaterialInput", "PickupInput", "applicant_for_account",
    "complete_task", "return_task", "recompute_provisional_due_dates", "resubmit_case", "store_upload", "submit_case", "transition_case",
]

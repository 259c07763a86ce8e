from .case import Case
from .commitments import Commitment
from .materials import CaseFile, CaseMaterial
from .notices import Notice
from .pauses import CasePause
from .pickups import CasePickup
from .tasks import CaseTask
from .workflows import WorkflowDefinition

__all__ = ["Case", "CaseFile", "CaseMaterial", "CasePause", "CasePickup", "CaseTask", "Commitment", "Notice",
           "WorkflowDefinition"]

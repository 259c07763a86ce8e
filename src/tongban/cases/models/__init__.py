from .case import Case
from .commitments import Commitment
from .materials import CaseFile, CaseMaterial
from .notices import Notice
from .pauses import CasePause
from .tasks import CaseTask
from .workflows import WorkflowDefinition

__all__ = ["Case", "CaseFile", "CaseMaterial", "CasePause", "CaseTask", "Commitment", "Notice",
           "WorkflowDefinition"]

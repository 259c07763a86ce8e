"""Plan parser: gazette text in, numbered tasks with units, deadlines and indicators out.

Pure Python (no Django import) so it can run in a worker, a CLI or a benchmark. Entry points:
``extract_text`` (file bytes → text, page count) and ``parse_plan`` (text → ``ParsedPlan``).
"""

from .model import Indicator, ParsedPlan, ParsedTask, UnitRef
from .plan import parse_plan
from .sources import extract_text
from .units import UnitTable

__all__ = ["Indicator", "ParsedPlan", "ParsedTask", "UnitRef", "UnitTable", "extract_text", "parse_plan"]

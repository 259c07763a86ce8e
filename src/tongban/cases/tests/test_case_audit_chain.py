"""A case carries its audit chain head in its own row; verify_audit still sees every break."""

import pytest
from django.core.management import CommandError, call_command

from tongban.audit.models import AuditEntry
from tongban.audit.testing import lift_append_only_triggers
from tongban.cases import services

from .conftest import at, submit_online


def test_verify_audit_passes_for_cases_and_finds_a_deleted_newest_entry(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    case = services.transition_case(actor=cw.clerk, case_number=case.number, command=services.Command("accept"),
                                    now=at(2026, 3, 2))
    assert (case.audit_sequence, len(case.audit_hash)) == (2, 64)
    call_command("verify_audit")
    # when the newest entry of the case is deleted behind the system's back
    lift_append_only_triggers()
    AuditEntry.objects.filter(stream=f"cases.case:{case.pk}", sequence=2).delete()
    # then the head kept in the case row reveals it
    with pytest.raises(CommandError):
        call_command("verify_audit")

"""A case carries its audit chain head in its own row; verify_audit still sees every break."""

import pytest
from django.core.management import CommandError, call_command

from tongban.audit import services as audit
from tongban.audit.models import AuditEntry
from tongban.audit.testing import lift_append_only_triggers
from tongban.cases import services
from tongban.cases.models import Case

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


def test_record_on_a_chain_head_target_persists_the_head_without_the_caller_saving(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    stored = Case.objects.get(pk=case.pk)
    sequence = stored.audit_sequence
    # a record() on a ChainHead target, and nothing saved afterwards
    entry = audit.record(actor=cw.clerk, action="case.note_added", target=stored, now=at(2026, 3, 3))
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.audit_sequence, fresh.audit_hash) == (sequence + 1, entry.entry_hash)
    assert (stored.audit_sequence, stored.audit_hash) == (fresh.audit_sequence, fresh.audit_hash)
    call_command("verify_audit")

"""Daily case jobs: one case's refusal never stops the batch."""

from tongban.cases import services
from tongban.cases.constants import CommitmentKind, CommitmentStatus
from tongban.cases.models import Case

from .conftest import at, submit_online


def test_a_case_the_waiver_job_cannot_suspend_is_reported_and_the_others_are_handled(cases_world):
    cw = cases_world
    # the first case of the batch is still 待受理: it has no 中止 step
    stuck = submit_online(cw, at(2026, 3, 2), waive_second=True)
    case = submit_online(cw, at(2026, 3, 2), waive_second=True)
    services.transition_case(actor=cw.clerk, case_number=case.number, command=services.Command("accept"),
                             now=at(2026, 3, 2))

    report = services.run_waiver_deadlines(now=at(2026, 3, 30))

    assert (report.suspended, len(report.refused)) == (1, 1)
    assert report.refused[0].startswith(f"{stuck.number}：")
    assert Case.objects.get(pk=case.pk).status == "suspended"
    assert Case.objects.get(pk=stuck.pk).status == "submitted"
    # the refused case's promise stays open: it is handled once its state allows
    assert stuck.commitments.get(kind=CommitmentKind.WAIVER).status == CommitmentStatus.PENDING

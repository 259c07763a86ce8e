"""整改: the department answers, the supervisor verifies, the callback closes, reopens or escalates."""

from datetime import date

import pytest

from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.audit.models import AuditEntry
from tongban.audit.services import find_tampering
from tongban.core.errors import Conflict, DomainError, Forbidden, NotFound
from tongban.ratings import services
from tongban.ratings.models import Rectification

from .conftest import at, completed_case


def bad_rating(rw, day=(2026, 9, 30), level=5):
    case = completed_case(rw)
    return services.rate_case(actor=rw.citizen, case_number=case.number, level=level, comment="窗口态度差",
                              now=at(*day)).rectification


def answer(rw, rectification, day, actor=None):
    return services.answer_rectification(actor=actor or rw.reviewer, rectification_id=rectification.pk,
                                         fix_description="已对窗口人员批评教育并培训", answer_to_rater="已整改，感谢监督",
                                         now=at(*day))


def actions(rectification):
    return list(AuditEntry.objects.filter(stream=f"ratings.rectification:{rectification.pk}")
                .order_by("sequence").values_list("action", flat=True))


def test_answer_verify_and_satisfied_callback_close_the_rectification(rating_world):
    rw = rating_world
    rectification = bad_rating(rw)
    rectification = answer(rw, rectification, (2026, 10, 13))  # the due date itself is on time
    assert (rectification.status, rectification.answered_on_time) == ("answered", True)
    rectification = services.verify_rectification(actor=rw.supervisor, rectification_id=rectification.pk,
                                                  note="已核实", now=at(2026, 10, 14))
    assert rectification.status == "verified"
    rectification = services.record_callback(actor=rw.clerk, rectification_id=rectification.pk, satisfied=True,
                                             note="电话回访，满意", now=at(2026, 10, 15))
    assert (rectification.status, rectification.callback_satisfied) == ("closed", True)
    assert rectification.closed_at == at(2026, 10, 15)
    assert actions(rectification) == ["rectification.opened", "rectification.answered", "rectification.verified",
                                      "rectification.closed"]
    stored = Rectification.objects.get(pk=rectification.pk)
    assert stored.audit_sequence == 4 and not list(find_tampering())


@pytest.mark.parametrize(("_case", "day", "on_time"), [
    ("on the due date", (2026, 10, 13), True), ("one day late", (2026, 10, 14), False)])
def test_answer_on_time_boundary(rating_world, _case, day, on_time):
    rectification = answer(rating_world, bad_rating(rating_world), day)
    assert rectification.answered_on_time is on_time


def test_another_department_cannot_answer(rating_world):
    rw = rating_world
    rectification = bad_rating(rw)
    with pytest.raises(NotFound) as refused:
        answer(rw, rectification, (2026, 10, 8), actor=rw.housing_reviewer)
    assert refused.value.code == "rectification.not_found"
    stored = Rectification.objects.get(pk=rectification.pk)
    assert (stored.status, stored.fix_description, stored.audit_sequence) == ("open", "", 1)


def test_the_supervisor_cannot_answer_and_the_department_cannot_verify(rating_world):
    rw = rating_world
    rectification = bad_rating(rw)
    with pytest.raises(Forbidden):
        answer(rw, rectification, (2026, 10, 8), actor=rw.supervisor)
    answer(rw, rectification, (2026, 10, 8), actor=rw.head)
    with pytest.raises(NotFound):  # a department sees only its own queue, and verifying is not its job
        services.verify_rectification(actor=rw.housing_reviewer, rectification_id=rectification.pk,
                                      now=at(2026, 10, 9))
    with pytest.raises(Forbidden):
        services.verify_rectification(actor=rw.reviewer, rectification_id=rectification.pk, now=at(2026, 10, 9))
    assert Rectification.objects.get(pk=rectification.pk).status == "answered"


def test_steps_out_of_order_are_409(rating_world):
    rw = rating_world
    rectification = bad_rating(rw)
    with pytest.raises(Conflict) as refused:
        services.record_callback(actor=rw.supervisor, rectification_id=rectification.pk, satisfied=True,
                                 note="x", now=at(2026, 10, 8))
    assert refused.value.code == "rectification.wrong_state"
    with pytest.raises(DomainError) as empty:
        services.answer_rectification(actor=rw.reviewer, rectification_id=rectification.pk, fix_description=" ",
                                      answer_to_rater="x", now=at(2026, 10, 8))
    assert empty.value.field == "fix_description"


def test_verification_can_send_it_back(rating_world):
    rw = rating_world
    rectification = answer(rw, bad_rating(rw), (2026, 10, 8))
    rectification = services.verify_rectification(actor=rw.supervisor, rectification_id=rectification.pk,
                                                  accepted=False, note="整改不彻底", now=at(2026, 10, 9))
    assert rectification.status == "open"
    assert actions(rectification)[-1] == "rectification.returned"


def test_unsatisfied_reopens_once_then_escalates_to_the_superior(rating_world):
    rw = rating_world
    rectification = answer(rw, bad_rating(rw), (2026, 10, 8))
    services.verify_rectification(actor=rw.supervisor, rectification_id=rectification.pk, now=at(2026, 10, 9))
    rectification = services.record_callback(actor=rw.supervisor, rectification_id=rectification.pk,
                                             satisfied=False, note="问题仍在", now=at(2026, 10, 12))
    assert (rectification.status, rectification.unsatisfied_callbacks) == ("open", 1)
    assert (rectification.opened_on, rectification.due_date) == (date(2026, 10, 12), date(2026, 10, 19))
    assert rectification.answered_at is None
    answer(rw, rectification, (2026, 10, 13))
    services.verify_rectification(actor=rw.supervisor, rectification_id=rectification.pk, now=at(2026, 10, 14))
    rectification = services.record_callback(actor=rw.supervisor, rectification_id=rectification.pk,
                                             satisfied=False, note="仍不满意", now=at(2026, 10, 15))
    assert rectification.status == "escalated"
    assert (rectification.escalated_at, rectification.escalated_by, rectification.escalated_to) == (
        at(2026, 10, 15), rw.supervisor, rw.office_head)
    assert actions(rectification)[-2:] == ["rectification.verified", "rectification.escalated"]


def test_a_callback_needs_hall_staff(rating_world):
    rw = rating_world
    rectification = answer(rw, bad_rating(rw), (2026, 10, 8))
    services.verify_rectification(actor=rw.supervisor, rectification_id=rectification.pk, now=at(2026, 10, 9))
    with pytest.raises(Forbidden):
        services.record_callback(actor=rw.head, rectification_id=rectification.pk, satisfied=True, note="x",
                                 now=at(2026, 10, 9))
    citizen_view = User.objects.filter(role=Role.CITIZEN).first()
    with pytest.raises(NotFound):
        services.record_callback(actor=citizen_view, rectification_id=rectification.pk, satisfied=True, note="x",
                                 now=at(2026, 10, 9))
    assert Rectification.objects.get(pk=rectification.pk).status == "verified"

"""A closed case of the cases test district, and the people of the 好差评 loop."""

from dataclasses import dataclass

import pytest

from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.cases import services as cases
from tongban.cases.tests.conftest import CaseWorld, at, cases_world, self_pickup, submit_online  # noqa: F401
from tongban.catalog.tests.conftest import world  # noqa: F401


@dataclass
class RatingWorld:
    cw: CaseWorld
    supervisor: User
    office_head: User

    def __getattr__(self, name):
        return getattr(self.cw, name)


def step(cw, actor, case, action, now, **details):
    return cases.transition_case(actor=actor, case_number=case.number,
                                 command=cases.Command(action=action, **details), now=now)


def completed_case(cw: CaseWorld, day=(2026, 9, 21)):
    """张三's online case, accepted, approved with the co-department's opinion, and picked up."""
    case = submit_online(cw, at(*day, 9))
    case = step(cw, cw.clerk, case, "accept", at(*day, 9))
    case = step(cw, cw.reviewer, case, "start_review", at(*day, 10))
    cases.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True, opinion="同意",
                        now=at(*day, 10))
    case = step(cw, cw.reviewer, case, "approve", at(*day, 11))
    case = step(cw, cw.reviewer, case, "issue_result", at(*day, 11))
    return step(cw, cw.clerk, case, "pick_up", at(*day, 15), pickup=self_pickup(cw.citizen))


@pytest.fixture
def rating_world(cases_world):  # noqa: F811
    region = cases_world.catalog.region
    supervisor = User.objects.create_user(username="zhuren", password="x", role=Role.SUPERVISOR, region=region,
                                          real_name="陈静")
    from tongban.accounts.models import Department

    office = Department.objects.get(code="371302-SPJ")
    office_head = User.objects.create_user(username="juzhang", password="x", role=Role.DEPARTMENT_HEAD,
                                           department=office, region=region, real_name="局长")
    return RatingWorld(cases_world, supervisor, office_head)

"""免证办: a valid licence on file covers its materials at intake; a revoked or expired one does not."""

import pytest

from tongban.cases.reuse import licence_types_held, reused_licences
from tongban.licences import services
from tongban.licences.models import Licence

from .conftest import FOOD_CODE, approved_case, at, settled

pytestmark = pytest.mark.django_db
NOW = at(2026, 3, 2)


def test_a_valid_licence_is_reused_and_a_revoked_one_is_not(lw):
    case = approved_case(lw, NOW)
    services.process_events(now=settled(NOW))
    licence = Licence.objects.get(source_case=case)
    assert FOOD_CODE in licence_types_held(case.applicant_id_number)
    assert reused_licences(case.applicant_id_number, {FOOD_CODE})[FOOD_CODE]["identifier"] == licence.identifier
    services.change_status(actor=lw.cw.reviewer, identifier=licence.identifier, action="revoke", reason="违法",
                           now=NOW)
    assert FOOD_CODE not in licence_types_held(case.applicant_id_number)
    assert licence_types_held("") == frozenset()

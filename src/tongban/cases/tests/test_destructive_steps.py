"""Destructive steps (撤回, 不予 …) look different on the case page and need a confirmation the server checks."""

from django.test import Client

from tongban.cases.models import Case

from .conftest import at, submit_online


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_withdrawing_is_set_apart_and_refused_without_the_confirmation(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    citizen = client_for(cw.citizen)
    page = citizen.get(f"/cases/{case.number}/").content.decode()
    form = page[page.index('data-testid="action-withdraw"'):]
    form = form[:form.index("</form>")]
    assert 'class="destructive"' in form and 'name="confirm"' in form and 'class="danger"' in form

    refused = citizen.post(f"/cases/{case.number}/transition/", {"action": "withdraw", "expected_version": "0"})
    assert refused.status_code == 422
    assert 'data-field="confirm"' in refused.content.decode()
    assert Case.objects.get(pk=case.pk).status == "submitted"

    done = citizen.post(f"/cases/{case.number}/transition/",
                        {"action": "withdraw", "expected_version": "0", "confirm": "yes"})
    assert done.status_code == 302
    assert Case.objects.get(pk=case.pk).status == "withdrawn"


def test_an_ordinary_step_needs_no_confirmation(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    page = client_for(cw.clerk).get(f"/cases/{case.number}/").content.decode()
    form = page[page.index('data-testid="action-accept"'):]
    assert 'name="confirm"' not in form[:form.index("</form>")]


def test_the_head_sees_the_proposal_and_signs_with_confirmation(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    reviewer = client_for(cw.reviewer)
    reviewer.post(f"/cases/{case.number}/transition/", {
        "action": "propose_rejection", "expected_version": "0", "reason": "不属于本机关职权", "legal_basis": "某条例",
        "confirm": "yes"})
    head = client_for(cw.head)
    page = head.get(f"/cases/{case.number}/").content.decode()
    assert 'data-testid="proposal"' in page and "不属于本机关职权" in page
    assert 'data-testid="action-reject"' in page and 'data-testid="action-return_proposal"' in page
    head.post(f"/cases/{case.number}/transition/", {"action": "reject", "expected_version": "1", "confirm": "yes"})
    assert Case.objects.get(pk=case.pk).status == "not_accepted"

"""Pages and API: wallet, licence, PDF, file, 亮证, public verification, scope (404 outside)."""

import json

import pytest
from django.test import Client

from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.licences import services
from tongban.licences.models import Licence

from .conftest import approved_case, at, settled

pytestmark = pytest.mark.django_db
NOW = at(2026, 3, 2)


@pytest.fixture
def issued(lw):
    case = approved_case(lw, NOW)
    services.process_events(now=settled(NOW))
    return Licence.objects.get(source_case=case)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_holder_sees_the_licence_in_the_wallet_and_others_get_404(lw, issued):
    holder = client_for(lw.cw.citizen)
    page = holder.get("/licences/mine/")
    assert page.status_code == 200 and "食品经营许可证" in page.content.decode()
    assert holder.get(f"/licences/l/{issued.identifier}/").status_code == 200
    other = User.objects.create_user(username="wangwu", password="x", role=Role.CITIZEN, id_number="")
    assert client_for(other).get(f"/licences/l/{issued.identifier}/").status_code == 404
    assert client_for(lw.cw.housing_reviewer).get(f"/licences/l/{issued.identifier}/").status_code == 404
    assert client_for(lw.cw.reviewer).get(f"/licences/l/{issued.identifier}/").status_code == 200
    api = holder.get("/api/v1/licences/mine")
    assert api.json()["items"][0]["identifier"] == issued.identifier


def test_pdf_and_signed_file(lw, issued):
    holder = client_for(lw.cw.citizen)
    pdf = holder.get(f"/licences/l/{issued.identifier}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    file = json.loads(holder.get(f"/licences/l/{issued.identifier}/file/").content)
    assert file["document"]["ZZBS"] == issued.identifier and len(file["signature"]["value"]) == 128


def test_public_verification_masks_the_holder_and_follows_the_status(lw, issued):
    anonymous = Client()
    page = anonymous.get(f"/licences/verify/{issued.identifier}/")
    text = page.content.decode()
    assert page.status_code == 200 and "有效" in text and issued.holder_code not in text
    answer = anonymous.get(f"/api/v1/licences/verify/{issued.identifier}").json()
    assert answer["valid"] and answer["holder"]["name"].startswith("张") and "*" in answer["holder"]["code"]
    client_for(lw.cw.reviewer).post(f"/licences/l/{issued.identifier}/status/", {"action": "revoke", "reason": "违法"})
    assert "吊销" in anonymous.get(f"/licences/verify/{issued.identifier}/").content.decode()
    wrong = issued.identifier[:-1] + ("A" if issued.identifier[-1] != "A" else "B")
    bad = anonymous.get(f"/api/v1/licences/verify/{wrong}").json()
    assert bad["code"] == "licence.identifier_check"
    assert anonymous.get("/licences/verify/%00garbage/").status_code == 400  # the request guard
    assert anonymous.get("/licences/verify/1.2.156.3005.2.X/").status_code == 404


def test_show_code_opens_for_a_clerk_while_fresh(lw, issued):
    response = client_for(lw.cw.citizen).post(f"/licences/l/{issued.identifier}/show/")
    assert response.status_code == 200
    token = issued.show_tokens.get().token
    assert client_for(lw.cw.clerk).get(f"/licences/shown/{token}/").status_code == 200
    assert client_for(lw.cw.clerk).get("/licences/shown/nonsense/").status_code == 404


def test_holder_file_for_staff_in_scope(lw, issued):
    page = client_for(lw.cw.reviewer).get(f"/licences/holders/{issued.holder_code}/")
    assert page.status_code == 200 and issued.source_case.number in page.content.decode()
    assert client_for(lw.cw.housing_reviewer).get(f"/licences/holders/{issued.holder_code}/").status_code in (
        200, 404)


def test_public_keys_and_status_list(lw, issued):
    uscc = lw.cw.catalog.market.uscc
    keys = Client().get(f"/api/v1/licences/keys/{uscc}").json()
    assert keys["keys"][0]["public_key"] and "private" not in json.dumps(keys)
    listed = Client().get(f"/api/v1/licences/status-lists/{uscc}").json()
    assert listed["document"]["type"] == "BitstringStatusList"

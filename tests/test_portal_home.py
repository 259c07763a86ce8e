"""The portal home leads somewhere from every tile, and everyone reaches 12345."""

import re

import pytest
from django.test import Client

from tongban.demo.district import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def test_every_home_tile_is_a_link_that_answers(demo):
    client = Client()
    html = client.get("/").content.decode()
    tiles = html[html.index('data-testid="home-tiles"'):]
    tiles = tiles[:tiles.index("政务服务场所")]
    links = re.findall(r'<h2><a href="([^"]+)">', tiles)
    assert len(links) == 4
    for link in links:
        assert client.get(link).status_code == 200, link


def test_an_anonymous_visitor_reaches_12345_and_is_offered_a_sign_in_that_returns_to_the_message_form(demo):
    html = Client().get("/12345/").content.decode()
    assert "12345" in html and "/hotline/stats/" in html
    assert "/accounts/login/?next=/hotline/online/" in html


@pytest.mark.parametrize("username", ["zhangsan", "qiye"])
def test_citizens_and_enterprise_users_go_from_12345_to_the_message_form(demo, username):
    client = signed_in(username)
    html = client.get("/12345/").content.decode()
    assert 'href="/hotline/online/"' in html
    assert client.get("/hotline/online/").status_code == 200


def test_staff_are_sent_to_their_workbench_instead(demo):
    html = signed_in("shouli").get("/12345/").content.decode()
    assert "工作台" in html and 'href="/hotline/online/"' not in html

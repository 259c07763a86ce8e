"""Pages: the rating form, the tablet page by token, the 整改 pages' forms, and the rates page."""

import pytest
from django.test import Client
from django.urls import reverse

from tongban.ratings import services
from tongban.ratings.models import Rating, Rectification

from .conftest import at, completed_case, submit_online


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_applicant_rates_from_the_page_and_a_refusal_stays_on_the_form(rating_world):
    case = completed_case(rating_world)
    client = signed_in(rating_world.citizen)
    url = reverse("ratings:rate_case", args=[case.number])
    assert "提交评价" in client.get(url).content.decode()
    missing = client.post(url, {"level": "5", "comment": ""})
    assert "差评请选择差评分类或写明不满意的原因" in missing.content.decode() and not Rating.objects.exists()
    done = client.post(url, {"level": "5", "comment": "太慢", "tags": ["办事效率"]})
    assert "感谢您的评价" in done.content.decode() and Rectification.objects.count() == 1
    assert "该办件已评价" in client.get(url).content.decode()


def test_an_open_case_page_says_so(rating_world):
    case = submit_online(rating_world, at(2026, 9, 21))
    page = signed_in(rating_world.citizen).get(reverse("ratings:rate_case", args=[case.number]))
    assert "办结后才能评价" in page.content.decode()


def test_another_citizen_gets_404(rating_world):
    from tongban.accounts.models import User

    case = completed_case(rating_world)
    other = User.objects.create_user(username="lisi", password="x", role="citizen")
    assert signed_in(other).get(reverse("ratings:rate_case", args=[case.number])).status_code == 404


def test_the_tablet_page_works_without_login_once(rating_world):
    case = completed_case(rating_world)
    code_page = signed_in(rating_world.clerk).get(reverse("ratings:invitation", args=[case.number]))
    token = services.invitation_for(case, now=at(2026, 9, 22)).token
    assert f"/rate/{token}/" in code_page.content.decode()
    url = reverse("ratings:rate_token", args=[token])
    assert Client().post(url, {"level": "1"}).status_code == 200
    assert "该办件已评价" in Client().get(url).content.decode()
    assert Client().get(reverse("ratings:rate_token", args=["nope"])).status_code == 404


def test_each_role_sees_only_its_form_and_a_bad_answer_comes_back(rating_world):
    rw = rating_world
    case = completed_case(rw)
    rectification = services.rate_case(actor=rw.citizen, case_number=case.number, level=4, comment="慢",
                                       now=at(2026, 9, 30)).rectification
    detail = reverse("ratings:detail", args=[rectification.pk])
    department = signed_in(rw.reviewer)
    page = department.get(detail).content.decode()
    assert 'data-testid="answer-form"' in page and 'data-testid="verify-form"' not in page
    assert f"整改 {rectification.pk}" in department.get(reverse("ratings:queue")).content.decode()
    assert signed_in(rw.housing_reviewer).get(detail).status_code == 404
    bad = department.post(reverse("ratings:answer", args=[rectification.pk]), {"fix_description": "改了"})
    assert bad.status_code == 422 and "field-error" in bad.content.decode()
    done = department.post(reverse("ratings:answer", args=[rectification.pk]),
                           {"fix_description": "改了", "answer_to_rater": "已改"})
    assert done.status_code == 302
    supervisor_page = signed_in(rw.supervisor).get(detail).content.decode()
    assert 'data-testid="verify-form"' in supervisor_page and 'data-testid="answer-form"' not in supervisor_page
    assert signed_in(rw.supervisor).post(reverse("ratings:answer", args=[rectification.pk]),
                                         {"fix_description": "x", "answer_to_rater": "y"}).status_code == 403


@pytest.mark.parametrize("group_by", ["department", "item", "window", "staff"])
def test_the_rates_page_is_public_and_shows_dashes_when_empty(rating_world, group_by):
    case = completed_case(rating_world)
    services.rate_case(actor=rating_world.citizen, case_number=case.number, level=1, now=at(2026, 10, 8))
    page = Client().get(reverse("ratings:rates"), {"group_by": group_by, "month": "2026-10"}).content.decode()
    assert "<svg" in page and "100.0%" in page
    empty = Client().get(reverse("ratings:rates"), {"group_by": group_by, "month": "2026-12"}).content.decode()
    assert "本月暂无评价" in empty and "—" in empty

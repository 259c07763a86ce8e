"""Pages and API of the loop's new parts: the QR token refused after a signed-in rating, the
citizen reading the 整改 answer, rating a 12345 ticket and the platform, and 申诉复核."""

from django.test import Client
from django.urls import reverse

from tongban.ratings import services
from tongban.ratings.models import Rating

from .conftest import at, completed_case
from .test_subjects_and_appeals import bad, online_ticket


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_qr_page_refuses_a_case_the_applicant_rated(rating_world):
    case = completed_case(rating_world)
    token = services.printed_invitation(case, now=at(2026, 9, 21)).token
    services.rate_case(actor=rating_world.citizen, case_number=case.number, level=2, now=at(2026, 9, 22))
    url = reverse("ratings:rate_token", args=[token])
    page = Client().get(url).content.decode()
    assert "该办件已评价过（一次一评）" in page and "提交评价" not in page
    refused = Client().post(url, {"level": "5", "comment": "再评一次"})
    assert "该办件已评价过（一次一评）" in refused.content.decode() and Rating.objects.count() == 1


def test_the_citizen_sees_the_rectification_answer_on_their_rating_page(rating_world):
    rw = rating_world
    rating = bad(rw)
    url = reverse("ratings:rate_case", args=[rating.case.number])
    client = signed_in(rw.citizen)
    assert "答复后将在此显示" in client.get(url).content.decode()
    services.answer_rectification(actor=rw.reviewer, rectification_id=rating.rectification.pk,
                                  fix_description="已对窗口人员培训", answer_to_rater="您反映的问题已整改，感谢监督",
                                  now=at(2026, 10, 8))
    page = client.get(url).content.decode()
    assert "整改答复" in page and "您反映的问题已整改，感谢监督" in page


def test_a_category_is_chosen_on_the_page(rating_world):
    case = completed_case(rating_world)
    client = signed_in(rating_world.citizen)
    url = reverse("ratings:rate_case", args=[case.number])
    assert "服务态度" in client.get(url).content.decode()
    client.post(url, {"level": "4", "categories": ["efficiency"]})
    assert list(Rating.objects.get().bad_categories.values_list("code", flat=True)) == ["efficiency"]


def test_the_ticket_and_platform_pages(rating_world):
    rw = rating_world
    ticket = online_ticket(rw)
    client = signed_in(rw.citizen)
    assert reverse("ratings:rate_ticket", args=[ticket.number]) in client.get(reverse("hotline:mine")).content.decode()
    done = client.post(reverse("ratings:rate_ticket", args=[ticket.number]), {"level": "1"})
    assert "感谢您的评价" in done.content.decode()
    assert "该工单已评价过" in client.get(reverse("ratings:rate_ticket", args=[ticket.number])).content.decode()
    assert signed_in(rw.clerk).get(reverse("ratings:rate_ticket", args=[ticket.number])).status_code == 403

    assert "感谢您的评价" in client.post(reverse("ratings:rate_platform"), {"level": "2"}).content.decode()
    assert "本月已评价过" in client.get(reverse("ratings:rate_platform")).content.decode()


def test_appeal_and_decision_through_the_pages(rating_world):
    rw = rating_world
    rating = bad(rw)
    detail = reverse("ratings:detail", args=[rating.rectification.pk])
    department = signed_in(rw.reviewer)
    assert 'data-testid="appeal-form"' in department.get(detail).content.decode()
    empty = department.post(reverse("ratings:appeal", args=[rating.pk]), {"reason": ""})
    assert empty.status_code == 422 and "请写明申诉理由" in empty.content.decode()
    filed = department.post(reverse("ratings:appeal", args=[rating.pk]), {"reason": "申请人误评"}, follow=True)
    assert "待复核" in filed.content.decode() and 'data-testid="decision-form"' not in filed.content.decode()

    centre = signed_in(rw.supervisor)
    appeal_id = Rating.objects.get(pk=rating.pk).appeal.pk
    assert "申诉 " in centre.get(reverse("ratings:appeals")).content.decode()
    page = reverse("ratings:appeal_detail", args=[appeal_id])
    assert 'data-testid="decision-form"' in centre.get(page).content.decode()
    missing = centre.post(reverse("ratings:decide_appeal", args=[appeal_id]), {"upheld": "1", "note": ""})
    assert missing.status_code == 422
    decided = centre.post(reverse("ratings:decide_appeal", args=[appeal_id]), {"upheld": "1", "note": "核实属误评"},
                          follow=True)
    assert "申诉成立" in decided.content.decode()
    assert department.post(reverse("ratings:decide_appeal", args=[appeal_id]),
                           {"upheld": "0", "note": "x"}).status_code == 403


def test_the_appeal_api(rating_world):
    rw = rating_world
    rating = bad(rw)
    filed = signed_in(rw.reviewer).post(f"/api/v1/ratings/{rating.pk}/appeal", {"reason": "恶意差评"},
                                        content_type="application/json")
    assert filed.status_code == 201, filed.content.decode()
    body = filed.json()
    assert (body["status"], body["categories"]) == ("pending", ["服务态度"])
    again = signed_in(rw.reviewer).post(f"/api/v1/ratings/{rating.pk}/appeal", {"reason": "再来"},
                                        content_type="application/json")
    assert (again.status_code, again.json()["code"]) == (409, "appeal.duplicate")
    listed = signed_in(rw.supervisor).get("/api/v1/rating-appeals").json()
    assert [row["id"] for row in listed] == [body["id"]]
    decided = signed_in(rw.supervisor).post(f"/api/v1/rating-appeals/{body['id']}/decision",
                                            {"upheld": False, "note": "评价属实"}, content_type="application/json")
    assert decided.json()["status"] == "rejected"
    categories = Client().get("/api/v1/ratings/bad-categories").json()
    assert {"code": "attitude", "name": "服务态度"} in categories


def test_the_workbench_leads_staff_to_the_queues(rating_world):
    for user, expected in ((rating_world.reviewer, ["hotline:queue", "ratings:queue"]),
                           (rating_world.supervisor, ["hotline:queue", "ratings:queue", "ratings:appeals"]),
                           (rating_world.clerk, ["ratings:queue"])):
        page = signed_in(user).get(reverse("portal:workbench")).content.decode()
        for name in expected:
            assert f'href="{reverse(name)}"' in page, (user.username, name)

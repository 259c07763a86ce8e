"""网上留言: a citizen leaves a message, sees the errors by the fields, and follows the answer."""

from django.test import Client

from tongban.hotline.models import Ticket, TicketCategory


def test_a_citizen_leaves_a_message_and_finds_it_under_my_messages(user):
    citizen = user("zhangsan")
    client = Client()
    client.force_login(citizen)
    response = client.post("/hotline/online/", {
        "kind": "complaint", "category": TicketCategory.objects.filter(parent__isnull=False).first().code,
        "region": "371302", "caller_phone": "13805391234", "content": "小区门口占道经营，影响通行"})
    assert response.status_code == 302
    ticket = Ticket.objects.get(submitted_by=citizen)
    assert (ticket.channel, ticket.caller_name) == ("online", "张三")
    page = client.get("/hotline/mine/").content.decode()
    assert ticket.number in page and "小区门口" not in page  # the list shows status and answer, not the text


def test_missing_fields_are_shown_by_the_fields_and_nothing_is_registered(user):
    client = Client()
    client.force_login(user("zhangsan"))
    page = client.post("/hotline/online/", {"kind": "", "category": "", "region": "371302",
                                             "caller_phone": "123", "content": ""})
    body = page.content.decode()
    assert page.status_code == 422
    for field, message in [("kind", "请选择诉求类型"), ("category", "请选择诉求分类"),
                           ("caller_phone", "请填写有效的联系电话"), ("content", "请填写诉求内容")]:
        assert f'data-field="{field}">{message}' in body
    assert Ticket.objects.count() == 0


def test_staff_cannot_use_the_citizen_form(user):
    client = Client()
    client.force_login(user("shenpi"))
    assert client.get("/hotline/online/").status_code == 403

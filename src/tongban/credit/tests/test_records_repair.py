"""Credit records: 双公示 due dates, classes from records (rules as data), 信用修复 back to intake, public query."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tongban.accounts.models import Enterprise, EnterpriseAgent
from tongban.audit.models import AuditEntry
from tongban.core.checkdigits import make_uscc
from tongban.core.errors import DomainError
from tongban.credit import records
from tongban.credit.models import Severity
from tongban.credit.services import commitment_eligibility, record_dishonesty

NOW = datetime(2026, 11, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday
TODAY = date(2026, 11, 2)
USCC = make_uscc("91371302MA3C00002")


def dishonest(severity=Severity.SERIOUS, now=NOW):
    return record_dishonesty(subject_code=USCC, subject_name="兰山测试企业", severity=severity,
                             reason="告知承诺不实", source="cases.case:1", actor=None, now=now)


@pytest.fixture
def agent(django_user_model):
    enterprise = Enterprise.objects.create(uscc=USCC, name="兰山测试企业", legal_representative="王五")
    user = django_user_model.objects.create_user(username="sv_qiye", password="x", role="enterprise")
    EnterpriseAgent.objects.create(enterprise=enterprise, user=user, capacity="legal_representative")
    return user


@pytest.mark.django_db
def test_publicity_is_due_seven_working_days_after_the_decision():
    record = dishonest()
    assert record.publicity_due == date(2026, 11, 11)  # Mon 11-02 + 7 working days
    assert not records.overdue_publicity(today=date(2026, 11, 11)).exists()
    assert records.overdue_publicity(today=date(2026, 11, 12)).exists()


@pytest.mark.django_db
def test_class_from_records_general_count_boundary():
    assert records.class_from_records(USCC, on=TODAY) is None
    dishonest(Severity.GENERAL)
    assert records.class_from_records(USCC, on=TODAY) == "B"  # one below the rule's 2
    dishonest(Severity.GENERAL)
    assert records.class_from_records(USCC, on=TODAY) == "C"  # the rule's 2 reached exactly
    dishonest(Severity.SERIOUS)
    assert records.class_from_records(USCC, on=TODAY) == "D"


@pytest.mark.django_db
def test_repair_flows_back_to_intake(agent, django_user_model):
    record = dishonest()
    assert not commitment_eligibility(subject_kind="enterprise", subject_code=USCC, on=TODAY).allowed
    repair = records.apply_repair(record_id=record.pk, evidence="已补正承诺内容并缴纳罚款", actor=agent, now=NOW)
    assert repair.review_due == date(2026, 11, 9)  # 5 working days
    with pytest.raises(DomainError, match="待审核"):
        records.apply_repair(record_id=record.pk, evidence="再次申请", actor=agent, now=NOW)
    reviewer = django_user_model.objects.create_user(username="sv_shenpi", password="x", role="reviewer")
    with pytest.raises(DomainError, match="理由"):
        records.review_repair(repair_id=repair.pk, action="refuse", note="", actor=reviewer, now=NOW)
    with pytest.raises(DomainError, match="无权"):
        records.review_repair(repair_id=repair.pk, action="repair", note="", actor=agent, now=NOW)
    records.review_repair(repair_id=repair.pk, action="repair", note="符合修复条件", actor=reviewer, now=NOW)
    record.refresh_from_db()
    assert record.repaired_at is not None
    # the repaired applicant is offered 告知承诺 again; the history is kept
    assert commitment_eligibility(subject_kind="enterprise", subject_code=USCC, on=TODAY).allowed
    assert AuditEntry.objects.filter(action__in=["credit.repair_applied", "credit.repair_repair"]).count() == 2


@pytest.mark.django_db
def test_a_stranger_cannot_apply_for_someone_elses_repair(django_user_model):
    record = dishonest()
    stranger = django_user_model.objects.create_user(username="sv_lisi", password="x", role="citizen")
    with pytest.raises(DomainError, match="未找到"):
        records.apply_repair(record_id=record.pk, evidence="x", actor=stranger, now=NOW)


@pytest.mark.django_db
def test_public_query_shows_only_published_unrepaired_records_in_period():
    hidden = dishonest(Severity.GENERAL)
    shown = dishonest(Severity.GENERAL)
    ended = dishonest(Severity.GENERAL)
    records.publish_record(record_id=shown.pk, publish_until=None, actor=None, now=NOW)
    records.publish_record(record_id=ended.pk, publish_until=date(2026, 11, 1), actor=None, now=NOW)
    found = records.public_credit(USCC.lower(), on=TODAY)
    assert [r.pk for r in found.records] == [shown.pk] and hidden.pk not in [r.pk for r in found.records]
    with pytest.raises(DomainError):
        records.public_credit("91371302\x00", on=TODAY)

"""信用分类审批: 告知承诺 and 容缺 need a good credit class, not only the absence of a black-list entry."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tongban.accounts.models import Region
from tongban.audit.models import AuditEntry
from tongban.core.checkdigits import make_id_number, make_uscc
from tongban.credit.models import CreditRating, CreditRecord, Severity
from tongban.credit.services import commitment_eligibility, record_credit_class, subject_key
from tongban.rules.services import set_override

NOW = datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = date(2026, 3, 2)
USCC = make_uscc("91371302MA3C00001")
PERSON = make_id_number("371302", date(1990, 5, 12), 13)


def rate(kind, code, credit_class, valid_from=date(2026, 1, 1), valid_to=None):
    return record_credit_class(subject_kind=kind, subject_code=code, credit_class=credit_class,
                               source="山东省公共信用信息平台", valid_from=valid_from, valid_to=valid_to,
                               actor=None, now=NOW)


@pytest.mark.django_db
@pytest.mark.parametrize("credit_class, allowed", [("A", True), ("B", True), ("C", False), ("D", False)])
def test_only_the_good_classes_may_commit(credit_class, allowed):
    rate("enterprise", USCC, credit_class)
    verdict = commitment_eligibility(subject_kind="enterprise", subject_code=USCC, on=TODAY)
    assert verdict.allowed is allowed
    if not allowed:
        assert verdict.code == "case.credit_class_not_good"
        assert f"{credit_class}级" in verdict.message and "A级、B级" in verdict.message


@pytest.mark.django_db
def test_a_district_that_trusts_only_class_a_refuses_class_b(django_user_model):
    admin = django_user_model.objects.create_user(username="root", password="x", role="admin")
    region = Region.objects.create(code="371302", name="兰山区", level="district")
    set_override("credit.good_classes", value="A", effective_from=TODAY, reason="只对 A 级实行告知承诺",
                 region=region, actor=admin, now=NOW)
    rate("enterprise", USCC, "B")
    assert not commitment_eligibility(subject_kind="enterprise", subject_code=USCC, on=TODAY, region=region).allowed
    assert commitment_eligibility(subject_kind="enterprise", subject_code=USCC, on=date(2026, 3, 1),
                                  region=region).allowed


@pytest.mark.django_db
def test_a_class_counts_only_within_its_validity():
    rate("enterprise", USCC, "C", valid_from=date(2025, 1, 1), valid_to=date(2026, 3, 1))
    rate("enterprise", USCC, "A", valid_from=date(2026, 3, 2))
    assert not commitment_eligibility(subject_kind="enterprise", subject_code=USCC, on=date(2026, 3, 1)).allowed
    assert commitment_eligibility(subject_kind="enterprise", subject_code=USCC, on=date(2026, 3, 2)).allowed


@pytest.mark.django_db
def test_a_person_is_stored_by_a_keyed_hash_of_the_id_number():
    rating = rate("person", PERSON, "C")
    assert rating.subject_key == subject_key("person", PERSON) != PERSON
    assert PERSON not in rating.subject_key and len(rating.subject_key) == 64
    assert not commitment_eligibility(subject_kind="person", subject_code=PERSON.lower(), on=TODAY).allowed
    assert AuditEntry.objects.filter(action="credit.class_recorded").count() == 1


@pytest.mark.django_db
def test_an_unknown_subject_is_allowed_by_default_and_refused_where_the_district_says_so(django_user_model):
    region = Region.objects.create(code="371302", name="兰山区", level="district")
    verdict = commitment_eligibility(subject_kind="enterprise", subject_code=USCC, on=TODAY, region=region)
    assert verdict.allowed  # a new enterprise has no class yet: allowed unless the district decides otherwise
    admin = django_user_model.objects.create_user(username="root", password="x", role="admin")
    set_override("credit.unknown_subject_allowed", value="refuse", effective_from=TODAY, reason="从严",
                 region=region, actor=admin, now=NOW)
    verdict = commitment_eligibility(subject_kind="enterprise", subject_code=USCC, on=TODAY, region=region)
    assert (verdict.allowed, verdict.code) == (False, "case.credit_unknown")
    assert "未查询到" in verdict.message


@pytest.mark.django_db
def test_serious_dishonesty_refuses_even_a_class_a_subject():
    rate("enterprise", USCC, "A")
    CreditRecord.objects.create(subject_code=USCC, subject_name="某公司", severity=Severity.SERIOUS, reason="承诺不实",
                                source="cases.case:1", recorded_at=NOW)
    verdict = commitment_eligibility(subject_kind="enterprise", subject_code=USCC, on=TODAY)
    assert (verdict.allowed, verdict.code) == (False, "case.credit_excluded")


@pytest.mark.django_db
def test_a_validity_ending_before_it_starts_is_refused():
    from tongban.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        rate("enterprise", USCC, "A", valid_from=date(2026, 3, 2), valid_to=date(2026, 3, 1))
    assert refused.value.code == "credit.validity_order"
    assert not CreditRating.objects.exists()

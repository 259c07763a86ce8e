"""A small 兰山区 world for the voucher tests: the seed 002 campaign, merchants, cashiers, residents."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from tongban.accounts.constants import Role
from tongban.accounts.models import Region, User
from tongban.core.checkdigits import make_id_number, make_uscc
from tongban.core.clock import local_zone
from tongban.vouchers import services
from tongban.vouchers.models import Campaign, Cashier, Merchant, MerchantSector, MerchantTier


def at(year, month, day, hour=10, minute=0, second=0, microsecond=0) -> datetime:
    return datetime(year, month, day, hour, minute, second, microsecond, tzinfo=local_zone())


def id_number(seq: int) -> str:
    """A valid ID number (GB 11643) for person `seq`: a day of 1990 and a 3-digit sequence."""
    return make_id_number("371302", date(1990, 1, 1) + timedelta(days=seq // 900), seq % 900 + 1)


@dataclass
class VoucherWorld:
    region: Region
    campaign: Campaign
    staff: User
    merchant: Merchant
    other_merchant: Merchant
    cashier: User
    other_cashier: User

    def resident(self, seq: int) -> User:
        user, _ = User.objects.get_or_create(username=f"resident{seq}", defaults={
            "role": Role.CITIZEN, "real_name": f"居民{seq}", "id_number": id_number(seq)})
        return user


def build_world(code: str = "test-2021") -> VoucherWorld:
    region, _ = Region.objects.get_or_create(code="371302", defaults={"name": "兰山区", "level": "district"})
    staff, _ = User.objects.get_or_create(username="vstaff", defaults={"role": Role.SUPERVISOR, "region": region})
    campaign = services.create_campaign(code=code, name="2021兰山消费季", region=region, starts_on=date(2021, 12, 3),
                                        ends_on=date(2021, 12, 31), actor=staff, now=at(2021, 11, 24))
    merchant = services.add_merchant(campaign=campaign, name="兰山银座商城", uscc=make_uscc("91371302000000011"),
                                     sector=MerchantSector.RETAIL, tier=MerchantTier.ABOVE_SCALE, actor=staff,
                                     now=at(2021, 11, 24))
    other = services.add_merchant(campaign=campaign, name="沂州饭店", uscc=make_uscc("91371302000000012"),
                                  sector=MerchantSector.CATERING, tier=MerchantTier.SAMPLED_SMALL, actor=staff,
                                  now=at(2021, 11, 24))
    cashier, _ = User.objects.get_or_create(username="vcashier", defaults={"role": Role.MERCHANT})
    other_cashier, _ = User.objects.get_or_create(username="vcashier2", defaults={"role": Role.MERCHANT})
    Cashier.objects.update_or_create(user=cashier, defaults={"merchant": merchant})
    Cashier.objects.update_or_create(user=other_cashier, defaults={"merchant": other})
    return VoucherWorld(region, campaign, staff, merchant, other, cashier, other_cashier)


@pytest.fixture
def vw(db) -> VoucherWorld:
    return build_world()

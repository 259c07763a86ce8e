"""消费券 demo: the seed 002 campaign (2021兰山消费季), its whitelisted merchants, and 韩梅 (shanghu) at a till."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from tongban.accounts.models import Region, User
from tongban.core.checkdigits import make_uscc
from tongban.vouchers import services
from tongban.vouchers.models import Campaign, Cashier, Merchant, MerchantSector, MerchantTier

CAMPAIGN_CODE = "lanshan-2021"
MERCHANTS = [  # (name, sector, tier): 规上 餐饮/住宿/零售 and a few of the 52 sampled 限下 ones
    ("兰山银座商城", MerchantSector.RETAIL, MerchantTier.ABOVE_SCALE),
    ("临沂华联超市", MerchantSector.RETAIL, MerchantTier.ABOVE_SCALE),
    ("沂蒙大酒店", MerchantSector.LODGING, MerchantTier.ABOVE_SCALE),
    ("兰山宾馆", MerchantSector.LODGING, MerchantTier.ABOVE_SCALE),
    ("沂州饭店", MerchantSector.CATERING, MerchantTier.ABOVE_SCALE),
    ("金雀山小吃城", MerchantSector.CATERING, MerchantTier.SAMPLED_SMALL),
    ("通达路便民超市", MerchantSector.RETAIL, MerchantTier.SAMPLED_SMALL),
    ("九曲书店", MerchantSector.RETAIL, MerchantTier.SAMPLED_SMALL),
]


def load_demo_vouchers() -> Campaign:
    """Create the campaign once (rounds and numbers from the rule registry); safe to run repeatedly."""
    campaign = Campaign.objects.filter(code=CAMPAIGN_CODE).first()
    now = timezone.now()
    if campaign is None:
        region = Region.objects.get(code="371302")
        campaign = services.create_campaign(code=CAMPAIGN_CODE, name="2021兰山消费季惠民消费券", region=region,
                                            starts_on=date(2021, 12, 3), ends_on=date(2021, 12, 31), actor=None,
                                            now=now)
    for index, (name, sector, tier) in enumerate(MERCHANTS, start=1):
        if not Merchant.objects.filter(campaign=campaign, name=name).exists():
            services.add_merchant(campaign=campaign, name=name, uscc=make_uscc(f"9137130209{index:07d}"),
                                  sector=sector, tier=tier, actor=None, now=now)
    cashier = User.objects.filter(username="shanghu").first()
    if cashier is not None:
        Cashier.objects.get_or_create(user=cashier, defaults={"merchant": campaign.merchants.get(name=MERCHANTS[0][0])})
    return campaign

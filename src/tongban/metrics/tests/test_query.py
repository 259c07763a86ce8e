"""Reading the aggregate tables: hand-made counts, the expected values worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from tongban.accounts.models import Region, ServiceHall, User, Window
from tongban.catalog.models import ServiceItem, ServiceItemVersion, Theme
from tongban.catalog import services
from tongban.catalog.tests.conftest import make_guide
from tongban.hotline.models import HotlineChannel
from tongban.metrics.models import DailyCaseCount, DailyTicketCount, MonthlyCaseCount, MonthlyTicketCount
from tongban.metrics.periods import parse_period
from tongban.metrics.query import Scope, answer
from tongban.metrics.registry import BY_CODE
from tongban.rules.services import set_override

ONLINE, ON_TIME = BY_CODE["online_rate"], BY_CODE["on_time_rate"]


def counts(item, day, channel, *, department=None, region=None, **values):
    """One day's counts, and the same added to its month (what the consumer keeps)."""
    key = {"department": department or item.department, "region": region or item.region, "item": item,
           "channel": channel}
    DailyCaseCount.objects.create(day=day, **key, **values)
    month, _ = MonthlyCaseCount.objects.get_or_create(day=day.replace(day=1), **key)
    for name, value in values.items():
        setattr(month, name, getattr(month, name) + value)
    month.save()


def cell(row, metric):
    return next(c for c in row.cells if c.metric is metric)


@pytest.fixture
def district(cases_world):
    """Market: 7 of 10 online (70.0 %), 19 of 20 on time (95.0 %). Housing: 699 of 1000 online (69.9 %).
    The housing cases were handled in 枣园镇, the market cases at district level."""
    market = ServiceItem.objects.get(implementation_code=cases_world.item_code)
    district = market.region
    town = Region.objects.create(code="371302104", name="枣园镇", level="town", parent=district)
    village = Region.objects.create(code="371302104201", name="枣园村", level="village", parent=town)
    counts(market, date(2026, 3, 2), "online", submitted=4, online_submitted=4)
    counts(market, date(2026, 3, 31), "mobile", submitted=3, online_submitted=3,
           completed=20, decided_timed=20, decided_on_time=19)
    counts(market, date(2026, 3, 15), "window", submitted=3)
    counts(market, date(2026, 4, 1), "window", submitted=50)  # next month: not counted in March
    housing = cases_world.catalog.housing
    counts(market, date(2026, 3, 10), "online", department=housing, region=village, submitted=1000,
           online_submitted=699)
    return cases_world, market, housing, town


@pytest.mark.django_db
def test_a_month_by_department_worked_out_by_hand(district):
    cw, market, housing, town = district
    result = answer((ONLINE, ON_TIME), parse_period("2026-03"), Scope(), "department")
    rows = {row.label: row for row in result.rows}
    assert str(cell(rows[market.department.name], ONLINE).value) == "70.0"
    assert cell(rows[market.department.name], ONLINE).meets is True
    assert str(cell(rows[market.department.name], ON_TIME).value) == "95.0"
    assert str(cell(rows[housing.name], ONLINE).value) == "69.9" and cell(rows[housing.name], ONLINE).meets is False
    assert cell(rows[housing.name], ON_TIME).value is None  # nothing completed: "—", no division by zero
    # total: (7 + 699) / (10 + 1000) = 706 / 1010 = 69.90… → 69.9
    assert str(cell(result.total, ONLINE).value) == "69.9"


@pytest.mark.django_db
def test_a_day_a_quarter_and_a_year(district):
    day = answer((ONLINE,), parse_period("2026-03-31"), Scope(), "total")
    assert (cell(day.total, ONLINE).numerator, cell(day.total, ONLINE).denominator) == (3, 3)
    quarter = answer((ONLINE,), parse_period("2026-Q1"), Scope(), "total")
    assert cell(quarter.total, ONLINE).denominator == 1010
    year = answer((ONLINE,), parse_period("2026"), Scope(), "total")
    assert cell(year.total, ONLINE).denominator == 1060  # with April's 50 window cases: 706 / 1060 = 66.6 %
    assert str(cell(year.total, ONLINE).value) == "66.6"
    empty = answer((ONLINE,), parse_period("2025-03"), Scope(), "department")
    assert empty.rows == [] and cell(empty.total, ONLINE).value is None


@pytest.mark.django_db
def test_regions_roll_up_to_the_towns_and_a_town_drills_into_its_villages(district):
    cw, market, housing, town = district
    result = answer((ONLINE,), parse_period("2026-03"), Scope(), "region")
    rows = {row.label: cell(row, ONLINE).denominator for row in result.rows}
    assert rows == {"兰山区本级": 10, "枣园镇": 1000}
    inside = answer((ONLINE,), parse_period("2026-03"), Scope(region=town), "region")
    assert [(row.label, cell(row, ONLINE).denominator) for row in inside.rows] == [("枣园村", 1000)]


@pytest.mark.django_db
def test_a_region_target_applies_to_its_subtree_and_overrides_the_default(district):
    cw, market, housing, town = district
    _target("online_rate", "60", region=town, since=date(2026, 1, 1))
    result = answer((ONLINE,), parse_period("2026-03"), Scope(), "region")
    town_row = next(row for row in result.rows if row.label == "枣园镇")
    assert cell(town_row, ONLINE).target == Decimal("60") and cell(town_row, ONLINE).meets is True  # 69.9 ≥ 60
    assert cell(result.total, ONLINE).target == Decimal("70")  # the district keeps the seeds' default
    village = Region.objects.get(code="371302104201")
    scoped = answer((ONLINE,), parse_period("2026-03"), Scope(region=village), "total")
    assert cell(scoped.total, ONLINE).target == Decimal("60")  # inherited from the town


def _target(metric_code: str, value: str, *, region, since: date):
    admin = User.objects.get_or_create(username="target_admin", defaults={"role": "admin"})[0]
    set_override(f"metric.{metric_code}.target", value=value, effective_from=since, reason="考核方案", region=region,
                 actor=admin, now=timezone.now())


@pytest.mark.django_db
def test_a_target_applies_from_its_effective_date_judged_on_the_periods_last_day(district):
    cw, market, housing, town = district
    _target("online_rate", "60", region=town, since=date(2026, 3, 31))
    march = answer((ONLINE,), parse_period("2026-03"), Scope(region=town), "total")
    assert cell(march.total, ONLINE).target == Decimal("60")  # in force on 03-31, the month's last day
    february = answer((ONLINE,), parse_period("2026-02"), Scope(region=town), "total")
    assert cell(february.total, ONLINE).target == Decimal("70")
    trend = answer((ONLINE,), parse_period("2026-03"), Scope(region=town), "period")
    by_month = {row.key: cell(row, ONLINE).target for row in trend.rows}
    assert by_month["2026-03"] == Decimal("60") and by_month["2026-02"] == Decimal("70")


@pytest.mark.django_db
def test_a_district_target_applies_to_the_whole_district(district):
    cw, market, housing, town = district
    _target("good_rate", "90", region=town.parent, since=date(2026, 1, 1))
    result = answer((BY_CODE["good_rate"],), parse_period("2026-03"), Scope(), "total")
    assert cell(result.total, BY_CODE["good_rate"]).target == Decimal("90")  # no default: set by the district


@pytest.mark.django_db
def test_filters_by_department_item_and_channel(district):
    cw, market, housing, town = district
    by_channel = answer((ONLINE,), parse_period("2026-03"), Scope(department=market.department), "channel")
    assert {row.key: cell(row, ONLINE).denominator for row in by_channel.rows} == {"online": 4, "mobile": 3,
                                                                                    "window": 3}
    assert {row.label for row in by_channel.rows} == {"网上申办", "掌上办", "综合窗口"}
    window_only = answer((ONLINE,), parse_period("2026-03"), Scope(channel="window"), "total")
    assert cell(window_only.total, ONLINE).value == Decimal("0.0")
    by_item = answer((ONLINE,), parse_period("2026-03"), Scope(item=market), "item")
    assert [row.key for row in by_item.rows] == [market.implementation_code]


@pytest.mark.django_db
def test_the_trend_has_every_period_even_empty_ones(district):
    result = answer((ONLINE,), parse_period("2026-04"), Scope(), "period")
    assert [row.key for row in result.rows][-2:] == ["2026-03", "2026-04"] and len(result.rows) == 12
    values = {row.key: cell(row, ONLINE).value for row in result.rows}
    assert values["2026-03"] == Decimal("69.9") and values["2026-04"] == Decimal("0.0")
    assert values["2025-05"] is None


@pytest.mark.django_db
def test_a_theme_metric_counts_only_the_themes_items(district):
    cw, market, housing, town = district
    startup = BY_CODE["startup_electronic_rate"]
    counts(market, date(2026, 3, 3), "online", completed=10, completed_electronic=9)
    before = answer((startup,), parse_period("2026-03"), Scope(), "total")
    assert cell(before.total, startup).denominator == 0  # the item is not in 企业开办
    market.published_version.themes.add(Theme.objects.create(code="business-startup", name="企业开办",
                                                             audience="enterprise"))
    other = answer((startup,), parse_period("2026-03"), Scope(), "total")
    assert cell(other.total, startup).denominator == 0  # in 企业开办, but not its 设立登记
    ServiceItemVersion.objects.filter(pk=market.published_version.pk).update(name="企业开办（设立登记）")
    after = answer((startup,), parse_period("2026-03"), Scope(), "total")
    # the fixture's 20 completions of 31 March (none electronic) count too: 9 / 30 = 30.0 %
    assert (cell(after.total, startup).numerator, cell(after.total, startup).denominator) == (9, 30)
    assert str(cell(after.total, startup).value) == "30.0" and cell(after.total, startup).meets is False


@pytest.mark.django_db
def test_catalog_metrics_count_the_items_applied_for_and_what_intake_really_fills(cases_world):
    world = cases_world.catalog
    material = {"form": "original", "count": 1, "medium": "electronic", "is_required": True, "is_waivable": False,
                "license_type": "", "shared_data_source": "", "commitment_allowed": False, "notes": ""}
    now = timezone.now()

    def publish(number, **guide):
        draft = services.create_item(actor=world.market_editor, basic_item=world.basic_item, department=world.market,
                                     region=world.region, business_item_number=number, now=now,
                                     guide=make_guide(**guide))
        services.submit_version(actor=world.market_editor, version=draft, now=now)
        services.publish_version(actor=world.reviewer, version=draft, now=now)

    # besides the case item (行政许可, needs a 申请书 upload): a fully online item whose one
    # material comes from the 人口库; an item whose material a licence could replace, but
    # intake still asks for an upload (no licence library yet); a 行政处罚 — not applied for
    publish("01", materials=[{**material, "name": "身份证", "shared_data_source": "人口库"}], fully_online=True,
            visits=0)
    publish("02", materials=[{**material, "name": "营业执照", "license_type": "91100000MA0000001X001"}],
            window_acceptance=False)
    publish("03", item_type="02", materials=[{**material, "name": "情况说明", "shared_data_source": "执法系统"}])
    codes = ("online_capable_rate", "fully_online_rate", "one_window_rate", "proof_free_rate")
    result = answer(tuple(BY_CODE[code] for code in codes), parse_period("2026-03"), Scope(), "department")
    capable, fully, one_window, proof_free = result.total.cells
    assert (capable.numerator, capable.denominator) == (3, 3)  # the 行政处罚 is no 依申请 item
    assert (fully.numerator, fully.denominator, str(fully.value)) == (1, 3, "33.3")
    assert (one_window.numerator, one_window.denominator, str(one_window.value)) == (2, 3, "66.6")
    # only the 人口库 item needs nothing uploaded: the licence item is not 免提交 while intake asks for the file
    assert (proof_free.numerator, proof_free.denominator) == (1, 3) and proof_free.meets is False
    by_channel = answer(tuple(BY_CODE[code] for code in codes), parse_period("2026-03"), Scope(), "channel")
    assert not by_channel.total.cells[0].applicable  # the catalog has no channels


@pytest.mark.django_db
def test_the_general_window_share_counts_the_open_intake_windows_and_cross_region_ones_are_not_general(district):
    cw, market, housing, town = district
    centre = ServiceHall.objects.create(name="区政务服务中心", level="centre", region=market.region)
    station = ServiceHall.objects.create(name="枣园镇便民服务中心", level="town", region=town)
    for number, kind, is_open in [(1, "general", True), (2, "general", True), (3, "department", True),
                                  (4, "cross_region", True), (5, "complaint", True), (6, "self_service", True),
                                  (7, "general", False)]:
        Window.objects.create(hall=centre, number=str(number), name=kind, kind=kind, is_open=is_open)
    Window.objects.create(hall=station, number="1", name="综合窗口", kind="general")
    share = BY_CODE["general_window_rate"]
    result = answer((share,), parse_period("2026-03"), Scope(), "region")
    # the centre: 2 general of 4 intake windows (通办专窗 and 专窗 are not general; the 反映窗口, the
    # self-service area and a closed window take in nothing); the town: 1 of 1
    assert {row.label: (cell(row, share).numerator, cell(row, share).denominator) for row in result.rows} == {
        "兰山区本级": (2, 4), "枣园镇": (1, 1)}
    assert str(cell(result.total, share).value) == "60.0" and cell(result.total, share).meets is False
    assert not answer((share,), parse_period("2026-03"), Scope(), "department").total.cells[0].applicable

def ticket_counts(day, channel, *, region, department=None, **values):
    """One day's 12345 counts, and the same added to its month."""
    key = {"region": region, "department": department, "channel": channel}
    DailyTicketCount.objects.create(day=day, **key, **values)
    month, _ = MonthlyTicketCount.objects.get_or_create(day=day.replace(day=1), **key)
    for name, value in values.items():
        setattr(month, name, getattr(month, name) + value)
    month.save()


@pytest.mark.django_db
def test_the_unassigned_row_holds_only_the_tickets_without_a_department(district):
    cw, market, housing, town = district
    tickets = BY_CODE["ticket_on_time_rate"]
    ticket_counts(date(2026, 3, 5), "phone", region=market.region, department=housing, closed=10, closed_timed=10,
                  closed_on_time=9)
    ticket_counts(date(2026, 3, 6), "phone", region=market.region, closed=4, closed_timed=4, closed_on_time=1)
    result = answer((tickets,), parse_period("2026-03"), Scope(), "department")
    rows = {row.label: (cell(row, tickets).numerator, cell(row, tickets).denominator) for row in result.rows}
    # the centre's own 4 tickets; before, the row repeated the district's 10 of 14
    assert rows == {housing.name: (9, 10), "未归属": (1, 4)}
    assert (cell(result.total, tickets).numerator, cell(result.total, tickets).denominator) == (10, 14)


@pytest.mark.django_db
def test_ticket_channels_are_shown_by_their_names(district):
    cw, market, housing, town = district
    tickets = BY_CODE["ticket_on_time_rate"]
    HotlineChannel.objects.update_or_create(code="mayor_mail", defaults={"name": "区长信箱"})
    for channel in ("phone", "online", "mayor_mail"):
        ticket_counts(date(2026, 3, 5), channel, region=market.region, department=housing, closed=1, closed_timed=1)
    result = answer((tickets,), parse_period("2026-03"), Scope(), "channel")
    labels = {row.key: row.label for row in result.rows}
    assert labels == {"phone": "12345 电话", "online": "网上留言", "mayor_mail": "区长信箱"}
    by_mail = answer((tickets,), parse_period("2026-03"), Scope(channel="mayor_mail"), "total")
    assert cell(by_mail.total, tickets).denominator == 1

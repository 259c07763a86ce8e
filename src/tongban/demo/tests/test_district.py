"""演示区县 — load_demo_district builds a complete, idempotent 兰山区 with a login per 角色."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command

from tongban.accounts.constants import AgentCapacity, HallLevel, RegionLevel, Role, WindowKind
from tongban.accounts.models import (
    Department,
    Enterprise,
    EnterpriseAgent,
    Region,
    ServiceHall,
    User,
    Window,
)
from tongban.core.checkdigits import validate_id_number, validate_uscc
from tongban.demo.district import DEMO_PASSWORD, load_demo_district
from tongban.demo.district.people import PEOPLE

pytestmark = pytest.mark.django_db

MODELS = (Region, Department, ServiceHall, Window, User, Enterprise, EnterpriseAgent)

#: username → (name, role, department name, region name); the contract other tests rely on.
PERSONAS = {
    "zhangsan": ("张三", Role.CITIZEN, None, None),
    "lisi": ("李四", Role.CITIZEN, None, None),
    "qiye": ("李华", Role.ENTERPRISE, None, None),
    "shouli": ("王芳", Role.INTAKE_CLERK, None, "兰山区"),
    "shenpi": ("赵强", Role.REVIEWER, "区市场监管局", "兰山区"),
    "kezhang": ("刘敏", Role.DEPARTMENT_HEAD, "区市场监管局", "兰山区"),
    "jiancha": ("孙伟", Role.INSPECTOR, "区市场监管局", "兰山区"),
    "shenpi_zj": ("钱进", Role.REVIEWER, "区住房城乡建设局", "兰山区"),
    "kezhang_zj": ("吴刚", Role.DEPARTMENT_HEAD, "区住房城乡建设局", "兰山区"),
    "shenhe": ("何平", Role.REVIEWER, "区行政审批服务局", "兰山区"),
    "zhuren": ("陈静", Role.SUPERVISOR, None, "兰山区"),
    "lingdao": ("高远", Role.LEADER, None, "兰山区"),
    "zhuren_zy": ("郑好", Role.SUPERVISOR, None, "枣园镇"),
    "shouli_zy": ("冯雪", Role.INTAKE_CLERK, None, "枣园镇"),
    "bangban": ("周丽", Role.HELPER, None, "兰山街道"),
    "admin": ("系统管理员", Role.ADMIN, None, "兰山区"),
    "shanghu": ("韩梅", Role.MERCHANT, None, "兰山区"),
    "shenji": ("罗成", Role.POLICY_AUDITOR, None, "兰山区"),
}


@pytest.fixture
def summary():
    return load_demo_district()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_loading_twice_changes_nothing(summary):
    # given a loaded district
    before = counts()
    pks = {model.__name__: set(model.objects.values_list("pk", flat=True)) for model in MODELS}

    # when it is loaded again
    again = load_demo_district()

    # then no row was added and the same rows remain
    assert again.created == 0
    assert counts() == before
    assert {m.__name__: set(m.objects.values_list("pk", flat=True)) for m in MODELS} == pks
    assert (again.regions, again.departments, again.halls, again.windows, again.users) == (
        summary.regions, summary.departments, summary.halls, summary.windows, summary.users
    )


def test_natural_keys_have_no_duplicates(summary):
    load_demo_district()
    halls = list(ServiceHall.objects.values_list("name", flat=True))
    assert len(halls) == len(set(halls))
    names = list(Department.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert User.objects.filter(username__in=PERSONAS).count() == len(PERSONAS)


def test_region_tree_of_lanshan(summary):
    district = Region.objects.get(code="371302")
    assert (district.name, district.level, district.parent) == ("兰山区", RegionLevel.DISTRICT, None)
    towns = list(Region.objects.filter(parent=district))
    assert len(towns) >= 5
    assert {"兰山街道", "枣园镇"} <= {town.name for town in towns}
    for town in towns:
        assert town.level == RegionLevel.TOWN
        assert len(town.code) == 12 and town.code.startswith("371302") and town.code.endswith("000")
        villages = list(town.children.all())
        assert 2 <= len(villages) <= 4, town.name
        suffix = "社区" if town.name.endswith("街道") else "村"
        for village in villages:
            assert village.level == RegionLevel.VILLAGE
            assert village.name.endswith(suffix)
            assert village.code[:9] == town.code[:9]
            assert village.path == f"{district.code}/{town.code}/{village.code}/"
    assert Region.objects.subtree(district).count() == summary.regions


def test_departments(summary):
    departments = Department.objects.all()
    assert departments.count() >= 14
    office = Department.objects.get(name="区行政审批服务局")
    assert office.is_service_management_office
    assert Department.objects.filter(is_service_management_office=True).count() == 1
    for name in ("区市场监管局", "区住房城乡建设局", "区公安分局", "区税务局", "区医保局"):
        assert departments.filter(name=name).exists(), name
    for department in departments:
        assert department.code.startswith("371302-")
        assert department.short_name
        assert department.region.code == "371302"
        assert validate_uscc(department.uscc) == department.uscc
        assert department.uscc[:8] == "11371302"
    assert len({d.uscc for d in departments}) == departments.count()


def test_district_centre_has_every_window_kind(summary):
    centre = ServiceHall.objects.get(name="兰山区政务服务中心")
    assert centre.level == HallLevel.CENTRE
    assert centre.region.code == "371302"
    assert centre.address.startswith("临沂市兰山区")
    assert "工作日 9:00-17:00" in centre.opening_hours
    windows = list(centre.windows.all())
    assert {w.kind for w in windows} == set(WindowKind)
    assert sum(w.kind == WindowKind.GENERAL for w in windows) >= 3
    for window in windows:
        assert (window.department is not None) == (window.kind == WindowKind.DEPARTMENT)
    department_windows = {w.department.name for w in windows if w.department}
    assert {"区公安分局", "区税务局"} <= department_windows


def test_town_centres_and_village_stations(summary):
    towns = Region.objects.filter(level=RegionLevel.TOWN)
    for town in towns:
        hall = ServiceHall.objects.get(name=f"{town.name}为民服务中心")
        assert (hall.level, hall.region) == (HallLevel.TOWN, town)
        assert hall.windows.count() == 2
    stations = ServiceHall.objects.filter(level=HallLevel.VILLAGE)
    assert 2 <= stations.count() <= 3
    assert all(s.region.level == RegionLevel.VILLAGE for s in stations)


def test_a_user_for_every_role(summary):
    assert set(User.objects.values_list("role", flat=True)) >= set(Role)


@pytest.mark.parametrize("username", sorted(PERSONAS))
def test_persona(summary, username):
    name, role, department, region = PERSONAS[username]
    user = User.objects.get(username=username)
    assert (user.real_name, user.role) == (name, role)
    assert (user.department.name if user.department else None) == department
    assert (user.region.name if user.region else None) == region
    assert user.phone.startswith("1") and len(user.phone) == 11
    if role in (Role.CITIZEN, Role.ENTERPRISE):
        assert user.id_number.startswith("371302")
    if department:
        assert user.region == user.department.region
    assert user.is_staff == user.is_superuser == (role == Role.ADMIN)


def test_zhangsan_and_clerk_windows(summary):
    zhangsan = User.objects.get(username="zhangsan")
    assert zhangsan.phone == "13805391234"
    shouli = User.objects.get(username="shouli")
    assert shouli.window.kind == WindowKind.GENERAL
    assert shouli.window.hall.name == "兰山区政务服务中心"
    shouli_zy = User.objects.get(username="shouli_zy")
    assert shouli_zy.window.hall.name == "枣园镇为民服务中心"


def test_enterprise_mandates(summary):
    qiye = User.objects.get(username="qiye")
    mandates = {a.enterprise.name: a.capacity for a in qiye.enterprise_mandates.all()}
    assert mandates["临沂兰山示范商贸有限公司"] == AgentCapacity.LEGAL_REPRESENTATIVE
    assert sorted(mandates.values()) == sorted(
        [AgentCapacity.LEGAL_REPRESENTATIVE, AgentCapacity.AGENT]
    )
    demo = Enterprise.objects.get(name="临沂兰山示范商贸有限公司")
    assert demo.uscc[:8] == "91371302"
    assert demo.legal_representative == "李华"


def test_every_id_number_and_uscc_validates(summary):
    id_numbers = [n for n in User.objects.values_list("id_number", flat=True) if n]
    assert len(id_numbers) >= 3
    for number in id_numbers:
        assert validate_id_number(number) == number
    usccs = list(Enterprise.objects.values_list("uscc", flat=True))
    usccs += list(Department.objects.values_list("uscc", flat=True))
    for code in usccs:
        assert validate_uscc(code) == code
    for user in User.objects.all():
        user.full_clean(exclude=["password"])
    for enterprise in Enterprise.objects.all():
        enterprise.full_clean()


def test_demo_password_passes_the_password_rules(summary):
    for user in User.objects.filter(username__in=PERSONAS):
        validate_password(DEMO_PASSWORD, user)


@pytest.mark.parametrize("username", [person["username"] for person in PEOPLE])
def test_every_persona_can_log_in(summary, username):
    user = authenticate(username=username, password=DEMO_PASSWORD)
    assert user is not None and user.username == username
    assert authenticate(username=username, password="wrong-" + DEMO_PASSWORD) is None


def test_reload_restores_a_changed_password(summary):
    user = User.objects.get(username="shenpi")
    user.set_password("Changed#9999")
    user.failed_login_count = 3
    user.save()
    load_demo_district()
    assert authenticate(username="shenpi", password=DEMO_PASSWORD) is not None
    assert User.objects.get(username="shenpi").failed_login_count == 0


def test_summary_logins_and_home_urls(summary):
    logins = {login.username: login for login in summary.logins}
    assert set(logins) == set(PERSONAS)
    assert logins["zhangsan"].home_url == "http://127.0.0.1:8000/"
    assert logins["qiye"].home_url == "http://127.0.0.1:8000/"
    assert logins["shenpi"].home_url == "http://127.0.0.1:8000/workbench/"
    assert "http://127.0.0.1:8000/admin/" in logins["admin"].home_url
    assert logins["shenpi"].unit == "区市场监管局"
    assert logins["shenpi"].role_label == Role.REVIEWER.label


def test_command_prints_progress_and_logins_table():
    out = StringIO()
    call_command("load_demo_district", stdout=out)
    output = out.getvalue()
    assert "正在加载区划" in output
    for username in PERSONAS:
        assert username in output
    assert DEMO_PASSWORD in output
    assert "http://127.0.0.1:8000/workbench/" in output

"""The objects the access matrix opens: real rows of the demo district, built once per module.

Every route with a path parameter is called with one of these, so an admitted persona reaches
the view and gets its real answer, and a persona outside the object's scope gets a 404.

- `open_case`: 张三's 小餐饮登记 (区市场监管局), submitted online with the health certificate
  promised for later (容缺后补): waiting for the window; it has files and a waiver commitment.
- `done_case`: 张三's second 小餐饮登记, accepted, approved by 赵强, picked up — closed, with its
  decision notice, and rated 非常不满意 by 张三, which opened a rectification that 赵强 appealed.
- `ticket`: 张三's online 12345 message, dispatched by 陈静 to 区市场监管局.
- `draft`: a revision draft of the 小餐饮登记 guide opened by 赵强.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from tongban.accounts.models import User
from tongban.cases import services as cases
from tongban.cases.models import Case, CaseFile, Notice
from tongban.cases.services.pickups import PickupInput
from tongban.cases.testing import pdf, png
from tongban.catalog import services as catalog
from tongban.demo.catalog import load_demo_catalog
from tongban.catalog.models import Material, ServiceItem, ServiceItemVersion
from tongban.hotline import services as hotline
from tongban.accounts.models import Enterprise
from tongban.demo.district.enterprises import DEMO_ENTERPRISE_NAME
from tongban.licences import services as licences
from tongban.licences.models import Licence
from tongban.hotline.models import Ticket
from tongban.ledger import services as ledger
from tongban.ratings import services as ratings
from tongban.ratings.models import Rating, RatingAppeal, Rectification

ITEM = "小餐饮登记"
MARKET = "371302-SCJG"
RULE = "case.yellow_card_working_days"


@dataclass(frozen=True)
class World:
    item_code: str
    open_case: str
    open_version: int
    case_stream: str
    done_case: str
    file_id: str
    commitment_id: int
    notice_number: str
    verification_code: str
    rating_token: str
    rating_id: int
    rectification_id: int
    appeal_id: int
    ticket: str
    draft_id: int
    staff_id: int
    last4: str
    market: str = MARKET
    rule_code: str = RULE
    licence: str = ""  # the 示范企业's 营业执照 (demo licence, issued by 区市场监管局), 李华 (qiye) acts for it
    licence_holder: str = ""
    issuer_uscc: str = ""
    show_token: str = ""
    ledger_plan: int = 0   # a published 工作台账 plan of the district; its task is 区市场监管局's
    ledger_task: int = 0
    policy_program: str = "ds-base-running"  # a seed 002 程序 (demo district); 李华 (qiye) may apply
    policy_application: int = 0  # no application has this id: admitted personas get 404
    no_procedure: int = 0  # no 规范性文件 or 重大行政决策 has this id: admitted personas get 404


def person(username: str) -> User:
    return User.objects.select_related("department", "region", "window").get(username=username)


def _apply(citizen: User, item: ServiceItem, now: datetime, *, waive_certificate: bool) -> Case:
    """张三 applies online with files, the health certificate promised for later (容缺) or not."""
    files = {"小餐饮登记申请表": ("申请表.png", png(1)), "经营者居民身份证": ("身份证.png", png(2)),
             "经营场所使用证明": ("租赁合同.pdf", pdf("lease"))}
    if not waive_certificate:
        files["从业人员健康证明"] = ("健康证明.pdf", pdf("health certificate"))
    given = []
    for material in Material.objects.filter(version=item.published_version).order_by("order"):
        if material.name in files:
            name, data = files[material.name]
            upload = cases.store_upload(name=name, data=data, actor=citizen, now=now)
            given.append(cases.MaterialInput(material.id, "submitted", upload.public_id))
        else:
            given.append(cases.MaterialInput(material.id, "waived"))
    commitment = None
    if waive_certificate:
        commitment = cases.CommitmentInput("张三", "本人承诺在约定日期前补交从业人员健康证明。",
                                           due_date=(now + timedelta(days=14)).date())
    return cases.submit_case(actor=citizen, item_code=item.implementation_code,
                             applicant=cases.applicant_for_account(citizen), channel="online",
                             materials=given, commitment=commitment, now=now)


def _step(actor: User, number: str, action: str, now: datetime, **details) -> Case:
    return cases.transition_case(actor=actor, case_number=number, now=now,
                                 command=cases.Command(action=action, **details))


def build_world() -> World:
    load_demo_catalog()
    now = timezone.now()
    citizen, clerk, reviewer, supervisor = (person(n) for n in ("zhangsan", "shouli", "shenpi", "zhuren"))
    item = ServiceItem.objects.select_related("published_version").get(published_version__name=ITEM)

    opened = _apply(citizen, item, now, waive_certificate=True)
    done = _apply(citizen, item, now, waive_certificate=False).number
    _step(clerk, done, "accept", now)
    _step(reviewer, done, "start_review", now)
    _step(reviewer, done, "approve", now)
    _step(clerk, done, "issue_result", now)
    _step(clerk, done, "pick_up", now, pickup=PickupInput("self", citizen.real_name, "resident_id",
                                                          citizen.id_number, id_checked=True))
    invitation = ratings.printed_invitation(Case.objects.get(number=done), now=now)
    rating = ratings.rate_case(actor=citizen, case_number=done, level=5, comment="窗口让我跑了三趟", now=now)
    appeal = ratings.appeal_rating(actor=reviewer, rating_id=rating.pk, reason="申请人所述与事实不符", now=now)

    ticket = hotline.register_ticket(hotline.TicketInput(
        kind="complaint", category_code="SC01", channel="online", caller_name="张三", caller_phone="13805391234",
        content="兰山街道某饭店后厨卫生脏乱，餐具不消毒", region_code="371302"), actor=citizen, now=now)
    hotline.transition_ticket(actor=supervisor, number=ticket.number, now=now,
                              command=hotline.Command(action="dispatch", department_code=MARKET))

    draft = catalog.start_revision(actor=reviewer, item=item, now=now)
    licence = Licence.objects.select_related("issuer").get(
        holder_code=Enterprise.objects.get(name=DEMO_ENTERPRISE_NAME).uscc, licence_type__catalog_type__name="营业执照")
    show_token = licences.create_show_token(actor=person("qiye"), licence=licence, now=now).token
    notice = Notice.objects.filter(case__number=done).order_by("-pk").first()
    ledger_plan = ledger.import_plan(data="一、任务\n1. 推行告知承诺。6月底前完成。（区市场监管局牵头）".encode(),
                                     filename="plan.txt", region=supervisor.region, actor=supervisor, now=now)
    ledger.publish_plan(ledger_plan, actor=supervisor, now=now)
    return World(
        ledger_plan=ledger_plan.pk, ledger_task=ledger_plan.tasks.get().pk,
        item_code=item.implementation_code, open_case=opened.number, open_version=opened.row_version,
        case_stream=f"cases.case:{opened.pk}", done_case=done,
        file_id=str(CaseFile.objects.filter(case=opened).values_list("public_id", flat=True).first()),
        commitment_id=opened.commitments.get().pk,
        notice_number=notice.number, verification_code=notice.verification_code, rating_token=invitation.token,
        rating_id=rating.pk, rectification_id=Rectification.objects.get(rating=rating).pk, appeal_id=appeal.pk,
        ticket=ticket.number, draft_id=draft.pk, staff_id=reviewer.pk, last4=citizen.id_number[-4:],
        licence=licence.identifier, licence_holder=licence.holder_code, issuer_uscc=licence.issuer.uscc,
        show_token=show_token,
    )


__all__ = ["World", "build_world", "person", "Rating", "RatingAppeal", "ServiceItemVersion", "Ticket"]

"""One request per route for the access matrix, and what an admitted persona in scope gets back.

`Probe(args=("open_case",))` fills the route's path parameters, in order, with attributes of the
matrix's `World` (tests/authz_world.py); `query` and `body` may name them too as `{open_case}`.
`status` and `shows` are the "ok" of the matrix: the answer's status code, and a text the page,
the JSON or the file's headers must contain — the view really ran and answered, not just "not 403".
Without a probe a route is a GET that answers 200.
"""

from dataclasses import dataclass, field

from tongban.demo.district import DEMO_PASSWORD


@dataclass(frozen=True)
class Probe:
    method: str = "GET"
    args: tuple[str, ...] = ()
    query: str = ""
    body: dict = field(default_factory=dict)
    status: int = 200
    shows: str = ""


def get(*args: str, shows: str = "", status: int = 200, query: str = "") -> Probe:
    return Probe("GET", args, query, {}, status, shows)


def post(*args: str, body: dict | None = None, status: int, shows: str = "") -> Probe:
    return Probe("POST", args, "", body or {}, status, shows)


CASE, DONE, TICKET = ("open_case",), ("done_case",), ("ticket",)
RECTIFICATION, APPEAL = ("rectification_id",), ("appeal_id",)
INVALID = "request.invalid"  # the API's problem code for a body that does not parse
RULE_CODE = "case.yellow_card_working_days"
NO_FILE = "00000000-0000-0000-0000-000000000000"

PROBES: dict[str, Probe] = {
    # --- portal ------------------------------------------------------------------------------
    "portal:home": get(shows="通办"),
    "portal:workbench": get(shows="工作台"),
    "portal:hotline": get(shows="12345"),
    # --- accounts: sign-in, registration, organisation, staff ----------------------------------
    "accounts:login": get(shows="登录"),
    "accounts:logout": post(status=302),
    "accounts:register": get(shows="注册"),
    "accounts:profile": get(shows="个人"),
    "accounts:staff_list": get(shows="人员管理"),
    "accounts:staff_unlock": post("staff_id", status=302, shows="/accounts/staff/"),
    "api:issue_token": post(body={"username": "zhangsan", "password": DEMO_PASSWORD, "name": "matrix"},
                            status=201, shows='"token"'),
    "api:register_citizen": post(status=422, shows=INVALID),
    "api:me": get(shows='"username"'),
    "api:register_enterprise": post(status=422, shows=INVALID),
    "api:list_my_enterprises": get(shows="["),
    "api:list_scoped_departments": get(shows="{market}"),
    "api:list_regions": get(shows="兰山区"),
    "api:list_departments": get(shows="区市场监管局"),
    "api:list_halls": get(shows='"windows"'),
    "api:list_staff": get(shows='"id": {staff_id}'),
    "api:get_staff": get("staff_id", shows='"username": "shenpi"'),
    "api:unlock_staff": post("staff_id", status=200, shows='"is_locked": false'),
    # --- audit ---------------------------------------------------------------------------------
    "audit:entries": get(query="stream={case_stream}", shows="{case_stream}"),
    "api:list_audit_entries": get(query="stream={case_stream}", shows="{case_stream}"),
    # --- calendar_admin (workdays) -------------------------------------------------------------
    "calendar_admin:years": get(shows="2026"),
    "calendar_admin:closures": get(shows="地方性休息日"),
    "api:list_calendar_years": get(shows="2026"),
    "api:compute_deadline": get(query="start=2026-09-30&n=5&unit=working", shows="2026-10-13"),
    # --- rules ---------------------------------------------------------------------------------
    "rules:list": get(shows=RULE_CODE),
    "rules:detail": get("rule_code", shows=RULE_CODE),
    "api:list_rules": get(shows=RULE_CODE),
    "api:get_rule": get("rule_code", shows=RULE_CODE),
    "api:set_rule_override": post("rule_code", status=422, shows=INVALID),
    # --- metrics -------------------------------------------------------------------------------
    "metrics:dashboard": get(shows="指标看板"),
    "metrics:export": get(shows="spreadsheetml"),
    "api:list_metric_definitions": get(shows='"code"'),
    "api:get_metrics": get(shows='"rows"'),
    # --- catalog -----------------------------------------------------------------------------
    "api:list_catalog_items": get(shows="小餐饮登记"),
    "api:get_catalog_item": get("item_code", shows="小餐饮登记"),
    "api:get_catalog_rates": get(shows='"name": "合计"'),
    "api:create_catalog_item": post(status=422, shows=INVALID),
    "api:get_catalog_version": get("draft_id", shows='"status": "draft"'),
    "api:save_catalog_draft": Probe("PUT", ("draft_id",), status=422, shows=INVALID),
    "api:start_catalog_revision": post("item_code", status=201, shows='"status": "draft"'),
    "api:submit_catalog_version": post("draft_id", status=200, shows='"status": "submitted"'),
    "api:return_catalog_version": post("draft_id", status=409),
    "api:publish_catalog_version": post("draft_id", status=409),
    "api:download_catalog_excel_template": get(shows="spreadsheetml"),
    "api:export_catalog_excel": get(shows="spreadsheetml"),
    "api:import_catalog_excel": post(status=422, shows=INVALID),
    "catalog:list": get(shows="小餐饮登记"),
    "catalog:guide": get("item_code", shows="小餐饮登记"),
    "catalog:guide_pdf": get("item_code", shows="application/pdf"),
    "catalog_desk:items": get(shows="{item_code}"),
    "catalog_desk:rates": get(shows="事项"),
    "catalog_desk:reviews": get(shows="审核"),
    "catalog_desk:version": get("draft_id", shows="小餐饮登记"),
    "catalog_desk:submit": post("draft_id", status=302),
    "catalog_desk:return": post("draft_id", status=302),
    "catalog_desk:publish": post("draft_id", status=302),
    "catalog_desk:revise": post("item_code", status=302, shows="/versions/"),
    # --- cases -------------------------------------------------------------------------------
    "api:submit_case": post(body={"item_code": "{item_code}"}, status=422, shows="case.precheck_failed"),
    "api:upload_case_file": post(status=422, shows=INVALID),
    "api:track_case": get(query="number={open_case}&last4={last4}", shows='"status_label": "待受理"'),
    "api:list_case_queue": get(query="name=waiting", shows="{open_case}"),
    "api:list_my_cases": get(shows="{open_case}"),
    "api:get_case": get(*CASE, shows='"number"'),
    "api:transition_case": post(*CASE, body={"action": "accept"}, status=200, shows='"status": "accepted"'),
    "api:complete_case_task": post(*CASE, body={"approve": True}, status=404, shows="case.not_found"),
    "api:resubmit_case": post(*CASE, status=409, shows="case.transition_not_allowed"),
    "api:download_case_file": get("open_case", "file_id", shows="image/png"),
    "api:deliver_waived_materials": post("open_case", "commitment_id", body={"files": {"从业人员健康证明": NO_FILE}}, status=422, shows="case.upload_unknown"),
    "api:verify_commitment": post("open_case", "commitment_id", body={"kept": True}, status=409, shows="case.not_a_notification_commitment"),
    "cases:apply": get("item_code", shows="小餐饮登记"),
    "cases:mine": get(shows="{open_case}"),
    "cases:track": get(shows="查询"),
    "cases:window_intake": get(shows="综合窗口受理"),
    "cases:helper_apply": get(shows="帮办"),
    "cases:department_queue": get(query="name=waiting", shows="{open_case}"),
    "cases:exit_window": get(shows="出件"),
    "cases:commitments_overdue": get(shows="核查"),
    "cases:commitment_verify": post("commitment_id", status=422, shows="告知承诺逾期未核查"),
    "cases:detail": get(*CASE, shows="小餐饮登记"),
    "cases:transition": post(*CASE, body={"action": "accept", "expected_version": "{open_version}"}, status=302,
                             shows="/cases/{open_case}/"),
    "cases:task": post(*CASE, status=422, shows="{open_case}"),
    "cases:file": get("open_case", "file_id", shows="image/png"),
    "cases:resubmit": post(*CASE, status=422, shows="{open_case}"),
    "cases:deliver": post(*CASE, status=422, shows="尚缺容缺材料"),
    "cases:pickup": get(*DONE, shows="领取"),
    "notices:pdf": get("notice_number", shows="application/pdf"),
    "verify:notice": get("verification_code", shows="小餐饮登记"),
    # --- 12345 -------------------------------------------------------------------------------
    "api:create_ticket": post(status=422, shows=INVALID),
    "api:list_tickets": get(shows="{ticket}"),
    "api:create_online_ticket": post(status=422, shows=INVALID),
    "api:get_ticket": get(*TICKET, shows='"number"'),
    "api:transition_ticket": post(*TICKET, body={"action": "accept"}, status=200, shows='"status"'),
    "api:supervise_ticket": post(*TICKET, body={"level": 1, "reason": "群众反映强烈"}, status=200, shows='"number"'),
    "api:elevate_ticket": post(*TICKET, body={"level": 2, "reason": "涉及多个部门"}, status=200, shows='"number"'),
    "api:ticket_duplicates": get(*TICKET, shows="["),
    "api:merge_tickets": post(*TICKET, body={"duplicates": ["12345-00000000-000000"]}, status=422,
                              shows="hotline.unknown_duplicate"),
    "api:hotline_statistics": get(shows='"rows"'),
    "hotline:queue": get(shows="{ticket}"),
    "hotline:intake": get(shows="受理"),
    "hotline:online": get(shows="12345"),
    "hotline:mine": get(shows="{ticket}"),
    "hotline:catalog_search": get(query="q=%E5%B0%8F%E9%A4%90%E9%A5%AE", shows="小餐饮登记"),
    "hotline:stats": get(shows="统计"),
    "hotline:detail": get(*TICKET, shows="餐具不消毒"),
    "hotline:transition": post(*TICKET, body={"action": "accept"}, status=302),
    "hotline:merge": post(*TICKET, status=302),
    "hotline:escalate": post(*TICKET, status=302),
    # --- 好差评 ------------------------------------------------------------------------------
    "api:rate_case": post(body={"case_number": "{done_case}", "level": 1}, status=409, shows="rating.duplicate"),
    "api:rate_by_token": post("rating_token", body={"level": 1}, status=409, shows="rating.duplicate"),
    "api:rate_ticket": post(body={"ticket_number": "{ticket}", "level": 1}, status=409,
                         shows="rating.ticket_not_closed"),
    "api:rate_platform": post(status=422, shows=INVALID),
    "api:list_bad_categories": get(shows='"code"'),
    "api:get_rating_rates": get(shows='"rows"'),
    "api:appeal_rating": post("rating_id", body={"reason": "误评"}, status=409, shows="appeal.duplicate"),
    "api:list_rating_appeals": get(shows='"id": {appeal_id}'),
    "api:get_rating_appeal": get(*APPEAL, shows='"status"'),
    "api:decide_rating_appeal": post(*APPEAL, body={"upheld": False, "note": "评价属实"}, status=200,
                                     shows='"status"'),
    "api:list_rectifications": get(shows='"id": {rectification_id}'),
    "api:get_rectification": get(*RECTIFICATION, shows='"status"'),
    "api:answer_rectification": post(*RECTIFICATION, body={"fix_description": "已约谈窗口人员", "answer_to_rater": "已整改"},
                                   status=200, shows='"status"'),
    "api:verify_rectification": post(*RECTIFICATION, status=409, shows="rectification.wrong_state"),
    "api:record_rectification_callback": post(*RECTIFICATION, body={"satisfied": True, "note": "满意"}, status=409,
                                              shows="rectification.wrong_state"),
    "ratings:rate_token": get("rating_token", shows="评价"),
    "ratings:rate_case": get(*DONE, shows="评价"),
    "ratings:invitation": get(*DONE, shows="评价码"),
    "ratings:queue": get(shows="{done_case}"),
    "ratings:detail": get(*RECTIFICATION, shows="{done_case}"),
    "ratings:answer": post(*RECTIFICATION, status=422, shows="这个字段是必填项"),
    "ratings:verify": post(*RECTIFICATION, status=422, shows="{done_case}"),
    "ratings:callback": post(*RECTIFICATION, status=422, shows="请选择回访结果"),
    "ratings:rates": get(shows="好差评"),
    "ratings:rate_ticket": get(*TICKET, shows="评价"),
    "ratings:rate_platform": get(shows="评价"),
    "ratings:appeal": post("rating_id", status=422, shows="请写明申诉理由"),
    "ratings:appeals": get(shows="{done_case}"),
    "ratings:appeal_detail": get(*APPEAL, shows="申诉"),
    "ratings:decide_appeal": post(*APPEAL, status=422, shows="请选择复核结论"),
    # --- vouchers (消费券) --------------------------------------------------------------------------
    "api:list_voucher_rounds": get(shows='"number"'),
    "api:claim_vouchers": post(body={"round_id": 0}, status=404, shows="vouchers.round_not_found"),
    "api:list_my_vouchers": get(shows="["),
    "api:redeem_voucher": post(status=422, shows=INVALID),
    "api:refund_redemption": post(status=422, shows=INVALID),
    "api:get_voucher_settlement": get(shows='"due_fen"'),
    "api:get_voucher_reconciliation": get(query="campaign=lanshan-2021", shows='"balanced"'),
    "vouchers:claim": get(shows="领取消费券"),
    "vouchers:mine": get(shows="我的券"),
    "vouchers:till": get(shows="消费券核销"),
    "vouchers:dashboard": get(shows="对账平衡"),
}

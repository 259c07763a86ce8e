"""Access matrix: what every persona gets from every named route, written out literally.

The table below is the expected answer, not a copy of the rules the middleware enforces
(each app's access.py): a wrong rule, a view that ignores the object's scope, or a route that
answers 500 each fails a cell. One row per URL name, one column per persona of the demo
district; a new route fails `test_every_route_is_in_the_matrix` until someone decides its row.

    ok     admitted: the route's probe (tests/authz_probes.py) gets its real answer — the status
           and the text it names (a page heading, a JSON field, a file's type, a problem code)
    login  anonymous: a page redirects to the login form, the API answers 401 auth.required
    deny   refused by the access rule: the 403 page, or problem+json auth.forbidden
    404    admitted, but the object is outside the persona's scope: it does not exist for them
    cut    admitted, the list answers but without the probe's object: it is cut to the scope
    4xx    any other status: admitted, and the view refuses this persona or state (a 403 here
           is the view's own refusal, e.g. 窗口无权否决, not the access rule's)

Refused requests leave no trace in the audit log. Objects come from tests/authz_world.py.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from tongban.accounts import services as accounts
from tongban.accounts.errors import LoginError
from tongban.accounts.models import User
from tongban.accounts.policy import rule_for
from tongban.api import api
from tongban.audit.models import AuditEntry

from .authz_probes import PROBES, Probe
from .authz_world import World, build_world
from .conftest import PERSONAS, issue_token

ANONYMOUS = "anonymous"
PROBLEM_JSON = "application/problem+json"
ACCESS_DENIED_PAGE = "您无权访问此页面。"  # the access rule's 403 page; a view's own refusal says why

#: The columns: one persona per role, plus a second citizen, reviewer and supervisor whose
#: department or region is not the objects' (李四, 住建局's 钱进, 枣园镇's 郑好).
COLUMNS = {
    "anon": ANONYMOUS, "cit": "zhangsan", "cit2": "lisi", "ent": "qiye", "clerk": "shouli",
    "rev": "shenpi", "rev2": "shenpi_zj", "head": "kezhang", "insp": "jiancha", "sup": "zhuren",
    "sup2": "zhuren_zy", "lead": "lingdao", "help": "bangban", "admin": "admin",
}

# fmt: off
MATRIX = """
route                               anon  cit   cit2  ent   clerk rev   rev2  head  insp  sup   sup2  lead  help  admin
# portal
portal:home                         ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
portal:workbench                    login deny  deny  deny  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
portal:hotline                      ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
# accounts: sign-in, registration, organisation, staff
accounts:login                      ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
accounts:logout                     ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
accounts:register                   ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
accounts:profile                    login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
accounts:staff_list                 login deny  deny  deny  deny  deny  deny  ok    deny  ok    ok    deny  deny  ok
accounts:staff_unlock               login deny  deny  deny  deny  deny  deny  ok    deny  ok    ok    deny  deny  ok
api:issue_token                     ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:register_citizen                ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:me                              login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:register_enterprise             login deny  deny  ok    deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
api:list_my_enterprises             login ok    ok    ok    deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
api:list_scoped_departments         login deny  deny  deny  ok    ok    cut   ok    ok    ok    cut   cut   cut   ok  # lead: none, though he sees the district
api:list_regions                    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:list_departments                ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:list_halls                      ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:list_staff                      login deny  deny  deny  deny  deny  deny  ok    deny  ok    cut   deny  deny  ok
api:get_staff                       login deny  deny  deny  deny  deny  deny  ok    deny  ok    404   deny  deny  ok
api:unlock_staff                    login deny  deny  deny  deny  deny  deny  ok    deny  ok    404   deny  deny  ok
# audit
audit:entries                       login deny  deny  deny  deny  deny  deny  deny  deny  ok    404   deny  deny  ok
api:list_audit_entries              login deny  deny  deny  deny  deny  deny  deny  deny  ok    404   deny  deny  ok
# calendar_admin (workdays)
calendar_admin:years                login deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  ok
calendar_admin:closures             login deny  deny  deny  deny  deny  deny  deny  deny  ok    ok    deny  deny  ok
api:list_calendar_years             ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:compute_deadline                ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
# rules
rules:list                          login deny  deny  deny  deny  deny  deny  deny  deny  ok    ok    deny  deny  ok
rules:detail                        login deny  deny  deny  deny  deny  deny  deny  deny  ok    ok    deny  deny  ok
api:list_rules                      ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:get_rule                        ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:set_rule_override               login deny  deny  deny  deny  deny  deny  deny  deny  ok    ok    deny  deny  ok
# metrics
metrics:dashboard                   login deny  deny  deny  deny  deny  deny  ok    deny  ok    ok    ok    deny  ok
metrics:export                      login deny  deny  deny  deny  deny  deny  ok    deny  ok    ok    ok    deny  ok
api:list_metric_definitions         ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:get_metrics                     login deny  deny  deny  deny  deny  deny  ok    deny  ok    ok    ok    deny  ok
# catalog
api:list_catalog_items              ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:get_catalog_item                ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:get_catalog_rates               ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:create_catalog_item             login deny  deny  deny  deny  ok    ok    ok    deny  deny  deny  deny  deny  ok
api:get_catalog_version             login deny  deny  deny  deny  ok    404   ok    deny  deny  deny  deny  deny  ok
api:save_catalog_draft              login deny  deny  deny  deny  ok    ok    ok    deny  deny  deny  deny  deny  ok
api:start_catalog_revision          login deny  deny  deny  deny  ok    403   ok    deny  deny  deny  deny  deny  ok
api:submit_catalog_version          login deny  deny  deny  deny  ok    404   ok    deny  deny  deny  deny  deny  ok
api:return_catalog_version          login deny  deny  deny  deny  403   404   403   deny  deny  deny  deny  deny  ok
api:publish_catalog_version         login deny  deny  deny  deny  403   404   403   deny  deny  deny  deny  deny  ok
api:download_catalog_excel_template ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:export_catalog_excel            login deny  deny  deny  deny  ok    ok    ok    deny  deny  deny  deny  deny  ok
api:import_catalog_excel            login deny  deny  deny  deny  ok    ok    ok    deny  deny  deny  deny  deny  ok
catalog:list                        ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
catalog:guide                       ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
catalog:guide_pdf                   ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
catalog_desk:items                  login deny  deny  deny  deny  ok    cut   ok    deny  deny  deny  deny  deny  ok
catalog_desk:rates                  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
catalog_desk:reviews                login deny  deny  deny  deny  ok    ok    ok    deny  deny  deny  deny  deny  ok
catalog_desk:version                login deny  deny  deny  deny  ok    404   ok    deny  deny  deny  deny  deny  ok
catalog_desk:submit                 login deny  deny  deny  deny  ok    404   ok    deny  deny  deny  deny  deny  ok
catalog_desk:return                 login deny  deny  deny  deny  ok    404   ok    deny  deny  deny  deny  deny  ok
catalog_desk:publish                login deny  deny  deny  deny  ok    404   ok    deny  deny  deny  deny  deny  ok
catalog_desk:revise                 login deny  deny  deny  deny  ok    302   ok    deny  deny  deny  deny  deny  ok
# cases
api:submit_case                     login ok    ok    403   422   deny  deny  deny  deny  deny  deny  deny  422   422  # ent: names no enterprise; clerk/help: no applicant
api:upload_case_file                login ok    ok    ok    ok    deny  deny  deny  deny  deny  deny  deny  ok    ok
api:track_case                      ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:list_case_queue                 login deny  deny  deny  ok    ok    cut   ok    deny  ok    cut   deny  deny  ok
api:list_my_cases                   login ok    cut   cut   ok    ok    cut   ok    ok    ok    cut   cut   cut   ok
api:get_case                        login ok    404   404   ok    ok    404   ok    ok    ok    404   404   404   ok
api:transition_case                 login 403   404   404   ok    ok    404   ok    403   403   404   404   404   403  # a department may 受理 too; admin acts on no case
api:complete_case_task              login deny  deny  deny  deny  ok    ok    ok    deny  deny  deny  deny  deny  deny
api:resubmit_case                   login ok    404   404   ok    ok    404   ok    ok    ok    404   404   404   ok
api:download_case_file              login ok    404   404   ok    ok    404   ok    ok    ok    404   404   404   ok
api:deliver_waived_materials        login ok    404   404   ok    404   404   404   404   404   404   404   404   404
api:verify_commitment               login deny  deny  deny  deny  ok    404   ok    ok    deny  deny  deny  deny  ok
cases:apply                         login ok    ok    ok    deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
cases:mine                          login ok    cut   cut   ok    ok    cut   ok    ok    ok    cut   cut   cut   ok
cases:track                         ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
cases:window_intake                 login deny  deny  deny  ok    deny  deny  deny  deny  ok    ok    deny  deny  ok
cases:helper_apply                  login deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  ok    deny
cases:department_queue              login deny  deny  deny  ok    ok    cut   ok    deny  ok    cut   deny  deny  ok
cases:exit_window                   login deny  deny  deny  ok    deny  deny  deny  deny  ok    ok    deny  deny  ok
cases:commitments_overdue           login deny  deny  deny  deny  ok    ok    ok    ok    deny  deny  deny  deny  ok
cases:commitment_verify             login deny  deny  deny  deny  ok    ok    ok    ok    deny  deny  deny  deny  ok
cases:detail                        login ok    404   404   ok    ok    404   ok    ok    ok    404   404   404   ok
cases:transition                    login 403   404   404   ok    ok    404   ok    403   403   404   404   404   403
cases:task                          login deny  deny  deny  deny  ok    404   ok    deny  deny  deny  deny  deny  deny
cases:file                          login ok    404   404   ok    ok    404   ok    ok    ok    404   404   404   ok
cases:resubmit                      login ok    404   404   ok    ok    404   ok    ok    ok    404   404   404   ok
cases:deliver                       login ok    404   404   ok    404   404   404   404   404   404   404   404   404
cases:pickup                        login deny  deny  deny  ok    deny  deny  deny  deny  deny  deny  deny  deny  deny  # a collected case still shows the form
notices:pdf                         login ok    404   404   ok    ok    404   ok    ok    ok    404   404   404   ok
verify:notice                       ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
# 电子证照
licences:wallet                     login ok    ok    ok    deny  deny  deny  deny  deny  deny  deny  deny  ok    deny
licences:desk                       login deny  deny  deny  ok    ok    ok    ok    ok    ok    ok    deny  deny  ok
licences:verify_form                ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
licences:verify                     ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
licences:shown                      login deny  deny  deny  ok    ok    ok    ok    ok    ok    ok    deny  deny  ok
licences:holder_file                login deny  deny  deny  ok    ok    404   ok    ok    ok    404   deny  deny  ok
licences:issue                      login deny  deny  deny  deny  ok    ok    ok    deny  deny  deny  deny  deny  ok  # the world's approved case results in no licence: 404 type_not_found in scope
licences:public_keys                ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
licences:status_list                ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
licences:detail                     login 404   404   ok    ok    ok    404   ok    ok    ok    404   deny  404   ok
licences:pdf                        login 404   404   ok    ok    ok    404   ok    ok    ok    404   deny  404   ok
licences:download                   login 404   404   ok    ok    ok    404   ok    ok    ok    404   deny  404   ok
licences:show                       login 404   404   ok    deny  deny  deny  deny  deny  deny  deny  deny  404   deny
licences:change_status              login deny  deny  deny  deny  ok    404   ok    deny  deny  deny  deny  deny  ok
licences:reissue                    login deny  deny  deny  deny  ok    404   ok    deny  deny  deny  deny  deny  ok
api:verify_licence                  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:list_my_licences                login ok    ok    ok    deny  deny  deny  deny  deny  deny  deny  deny  ok    deny
api:get_licence                     login 404   404   ok    ok    ok    404   ok    ok    ok    404   deny  404   ok
api:get_licence_file                login 404   404   ok    ok    ok    404   ok    ok    ok    404   deny  404   ok
api:issue_licence                   login deny  deny  deny  deny  ok    404   ok    deny  deny  deny  deny  deny  ok
api:change_licence_status           login deny  deny  deny  deny  ok    404   ok    deny  deny  deny  deny  deny  ok
api:reissue_licence                 login deny  deny  deny  deny  ok    404   ok    deny  deny  deny  deny  deny  ok
api:get_licence_public_keys         ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:get_licence_status_list         ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
# 12345
api:create_ticket                   login deny  deny  deny  deny  deny  deny  deny  deny  ok    ok    deny  deny  deny
api:list_tickets                    login deny  deny  deny  deny  ok    cut   ok    deny  ok    cut   deny  deny  deny
api:create_online_ticket            login ok    ok    ok    deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
api:get_ticket                      login ok    404   404   404   ok    404   ok    404   ok    404   404   404   ok
api:transition_ticket               login deny  deny  deny  deny  ok    404   ok    deny  403   404   deny  deny  deny
api:supervise_ticket                login deny  deny  deny  deny  deny  deny  deny  deny  ok    404   deny  deny  deny
api:elevate_ticket                  login deny  deny  deny  deny  deny  deny  deny  deny  ok    404   deny  deny  deny
api:ticket_duplicates               login deny  deny  deny  deny  deny  deny  deny  deny  ok    404   deny  deny  deny
api:merge_tickets                   login deny  deny  deny  deny  deny  deny  deny  deny  ok    404   deny  deny  deny
api:hotline_statistics              ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
hotline:queue                       login deny  deny  deny  deny  ok    cut   ok    deny  ok    cut   deny  deny  deny
hotline:intake                      login deny  deny  deny  deny  deny  deny  deny  deny  ok    ok    deny  deny  deny
hotline:online                      login ok    ok    ok    deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
hotline:mine                        login ok    cut   cut   cut   cut   cut   cut   cut   cut   cut   cut   cut   cut
hotline:catalog_search              login deny  deny  deny  deny  deny  deny  deny  deny  ok    ok    deny  deny  deny
hotline:stats                       ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
hotline:detail                      login deny  deny  deny  deny  ok    404   ok    deny  ok    404   deny  deny  deny  # admin: ok through api:get_ticket
hotline:transition                  login deny  deny  deny  deny  ok    404   ok    deny  403   404   deny  deny  deny
hotline:merge                       login deny  deny  deny  deny  deny  deny  deny  deny  ok    ok    deny  deny  deny
hotline:escalate                    login deny  deny  deny  deny  deny  deny  deny  deny  ok    404   deny  deny  deny
# 工作台账: the office imports and publishes, 区领导 reads, units report on their own tasks
ledger:plans                        login deny  deny  deny  deny  deny  deny  deny  deny  ok    ok    ok    deny  ok
ledger:review                       login deny  deny  deny  deny  deny  deny  deny  deny  ok    404   ok    deny  ok
ledger:fix_task                     login deny  deny  deny  deny  deny  deny  deny  deny  ok    404   deny  deny  ok
ledger:publish                      login deny  deny  deny  deny  deny  deny  deny  deny  ok    404   deny  deny  ok
ledger:bulletin                     login deny  deny  deny  deny  deny  deny  deny  deny  ok    404   ok    deny  ok
ledger:my_tasks                     login deny  deny  deny  deny  ok    cut   ok    deny  deny  deny  deny  deny  deny
ledger:report                       login deny  deny  deny  deny  ok    404   ok    deny  deny  deny  deny  deny  deny
api:ledger_parse_plan               login deny  deny  deny  deny  deny  deny  deny  deny  ok    ok    deny  deny  ok
# 好差评
api:rate_case                       login ok    404   404   deny  deny  deny  deny  deny  deny  deny  deny  404   deny
api:rate_by_token                   ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:rate_ticket                     login ok    404   404   deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
api:rate_platform                   login ok    ok    ok    deny  deny  deny  deny  deny  deny  deny  deny  ok    deny
api:list_bad_categories             ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:get_rating_rates                ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:appeal_rating                   login deny  deny  deny  ok    ok    404   ok    ok    deny  deny  deny  deny  deny
api:list_rating_appeals             login deny  deny  deny  ok    ok    cut   ok    ok    ok    cut   deny  deny  ok
api:get_rating_appeal               login deny  deny  deny  ok    ok    404   ok    ok    ok    404   deny  deny  ok
api:decide_rating_appeal            login deny  deny  deny  deny  deny  deny  deny  deny  ok    404   deny  deny  ok
api:list_rectifications             login deny  deny  deny  ok    ok    cut   ok    ok    ok    cut   deny  deny  ok
api:get_rectification               login deny  deny  deny  ok    ok    404   ok    ok    ok    404   deny  deny  ok
api:answer_rectification            login deny  deny  deny  deny  ok    404   ok    deny  deny  deny  deny  deny  deny
api:verify_rectification            login deny  deny  deny  deny  deny  deny  deny  deny  ok    404   deny  deny  ok
api:record_rectification_callback   login deny  deny  deny  ok    deny  deny  deny  deny  ok    404   deny  deny  ok
ratings:rate_token                  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
ratings:rate_case                   login ok    404   404   deny  deny  deny  deny  deny  deny  deny  deny  404   deny
ratings:invitation                  login deny  deny  deny  ok    deny  deny  deny  deny  ok    404   deny  deny  ok
ratings:queue                       login deny  deny  deny  ok    ok    cut   ok    ok    ok    cut   deny  deny  ok
ratings:detail                      login deny  deny  deny  ok    ok    404   ok    ok    ok    404   deny  deny  ok
ratings:answer                      login deny  deny  deny  deny  ok    404   ok    deny  deny  deny  deny  deny  deny
ratings:verify                      login deny  deny  deny  deny  deny  deny  deny  deny  ok    404   deny  deny  ok
ratings:callback                    login deny  deny  deny  ok    deny  deny  deny  deny  ok    404   deny  deny  ok
ratings:rates                       ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
ratings:rate_ticket                 login ok    404   404   deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
ratings:rate_platform               login ok    ok    ok    deny  deny  deny  deny  deny  deny  deny  deny  ok    deny
ratings:appeal                      login deny  deny  deny  ok    ok    404   ok    ok    deny  deny  deny  deny  deny
ratings:appeals                     login deny  deny  deny  ok    ok    cut   ok    ok    ok    cut   deny  deny  ok
ratings:appeal_detail               login deny  deny  deny  ok    ok    404   ok    ok    ok    404   deny  deny  ok
ratings:decide_appeal               login deny  deny  deny  deny  deny  deny  deny  deny  ok    404   deny  deny  ok
# vouchers (消费券; the till is the merchant's, a role outside these columns)
api:list_voucher_rounds             ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:claim_vouchers                  login ok    ok    deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
api:list_my_vouchers                login ok    ok    deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
api:redeem_voucher                  login deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
api:refund_redemption               login deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
api:get_voucher_settlement          login deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
api:get_voucher_reconciliation      login deny  deny  deny  deny  deny  deny  deny  deny  ok    ok    ok    deny  ok
vouchers:claim                      login ok    ok    deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
vouchers:mine                       login ok    ok    deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
vouchers:till                       login deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
vouchers:dashboard                  login deny  deny  deny  deny  deny  deny  deny  deny  ok    ok    ok    deny  ok

# 惠企政策 (the 第三方审核 shenji is outside these columns; application probes use an id nobody holds)
api:list_policy_programs            ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:get_policy_program              ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:estimate_policy_amount          login deny  deny  ok    deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
api:list_policy_matches             login deny  deny  ok    deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
api:list_program_matches            login deny  deny  deny  deny  ok    ok    ok    deny  ok    ok    ok    deny  ok
api:save_policy_rules               login deny  deny  deny  deny  ok    ok    ok    deny  deny  deny  deny  deny  deny
api:submit_policy_application       login deny  deny  ok    deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
api:list_policy_applications        login deny  deny  ok    deny  ok    ok    ok    deny  ok    ok    ok    deny  ok
api:get_policy_application          login deny  deny  404   deny  404   404   404   deny  404   404   404   deny  404
api:step_policy_application         login deny  deny  404   deny  404   404   404   deny  deny  deny  deny  deny  deny
api:run_policy_auto_grant           login deny  deny  deny  deny  ok    ok    ok    deny  deny  deny  deny  deny  deny
api:pay_policy_batch                login deny  deny  deny  deny  deny  deny  ok    deny  deny  deny  deny  deny  deny
api:get_policy_stats                login deny  deny  deny  deny  ok    ok    ok    deny  ok    ok    ok    deny  ok
policies:portal                     login deny  deny  ok    deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
policies:program                    login deny  deny  ok    deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
policies:program_ops                login deny  deny  deny  deny  ok    ok    ok    deny  deny  deny  deny  deny  deny
policies:queue                      login deny  deny  ok    deny  ok    ok    ok    deny  ok    ok    ok    deny  ok
policies:detail                     login deny  deny  404   deny  404   404   404   deny  404   404   404   deny  404
policies:stats                      login deny  deny  deny  deny  ok    ok    ok    deny  ok    ok    ok    deny  ok
# supervision: 双随机一公开, 审管联动, 信用查询
supervision:plans                   login deny  deny  deny  deny  deny  deny  ok    ok    ok    ok    ok    deny  ok
supervision:public                  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
supervision:credit_query            ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:list_supervision_plans          login deny  deny  deny  deny  deny  deny  ok    ok    ok    ok    ok    deny  ok
api:public_credit                   ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
# 政府内部程序: published documents and catalogue for everybody; staff steps decided by the service
procedures:public                   ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
procedures:desk                     login deny  deny  deny  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
procedures:new_document             login deny  deny  deny  403   403   403   403   403   403   403   403   403   403  # no persona's unit is on the world's issuer list
procedures:document                 404   404   404   404   404   404   404   404   404   404   404   404   404   404  # the probe's id names no document
procedures:document_edit            login deny  deny  deny  404   404   404   404   404   404   404   404   404   404
procedures:document_transition      login deny  deny  deny  404   404   404   404   404   404   404   404   404   404
procedures:decision                 404   404   404   404   404   404   404   404   404   404   404   404   404   404
procedures:decision_transition      login deny  deny  deny  404   404   404   404   404   404   404   404   404   404
api:list_normative_documents        ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:get_normative_document          404   404   404   404   404   404   404   404   404   404   404   404   404   404
api:transition_normative_document   login deny  deny  deny  404   404   404   404   404   404   404   404   404   404
api:request_normative_review        login 404   404   404   404   404   404   404   404   404   404   404   404   404
api:list_major_decisions            ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
api:transition_major_decision       login deny  deny  deny  404   404   404   404   404   404   404   404   404   404
api:check_guarantee                 login deny  deny  deny  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
"""
# fmt: on


def parse(table: str) -> dict[str, dict[str, str]]:
    """route name → persona → expected code, from the table's lines (comments skipped)."""
    lines = [line.split("#")[0].split() for line in table.splitlines()]
    rows = [line for line in lines if line]
    header, rows = rows[0], rows[1:]
    assert header == ["route", *COLUMNS], header
    parsed = {}
    for name, *codes in rows:
        assert len(codes) == len(COLUMNS), f"{name}: {len(codes)} codes for {len(COLUMNS)} personas"
        assert name not in parsed, f"{name} is listed twice"
        parsed[name] = {COLUMNS[column]: code for column, code in zip(COLUMNS, codes, strict=True)}
    return parsed


EXPECTED = parse(MATRIX)

# Guarded by their own mechanism (Django admin checks is_staff itself).
SELF_GUARDED_NAMESPACES = {"admin"}
# Infrastructure without a role rule: the OpenAPI document and Swagger UI (public by the
# middleware's own list) and ninja's API root, which exists only so ninja can compute paths.
INFRASTRUCTURE = {"api:openapi-json", "api_docs", "api:api-root"}
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    view_name: str
    route: str
    methods: tuple[str, ...]

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def parameters(self) -> list[str]:
        return [match["name"] for match in PARAMETER.finditer(self.route)]

    def __str__(self) -> str:
        return self.view_name


def walk(patterns, prefix: str = "", namespaces: tuple[str, ...] = ()):
    """(view name or None, route, namespaces) of every URL pattern, resolvers unfolded."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            yield name, prefix + str(pattern.pattern), namespaces


def api_methods(view_name: str, route: str, schema: dict) -> tuple[str, ...]:
    """HTTP methods of one API operation, from the OpenAPI document.

    ninja adds one URL pattern per operation, so operations sharing a path (GET and POST
    /me/enterprises) have the same route; only the document says which method is whose.
    """
    path = "/" + PARAMETER.sub(r"{\g<name>}", route)
    suffix = "_" + view_name.removeprefix("api:")
    return tuple(
        method.upper()
        for method, operation in schema["paths"].get(path, {}).items()
        if operation["operationId"].endswith(suffix)
    )


def project_routes() -> dict[str, Route]:
    routes, schema = {}, api.get_openapi_schema()
    for name, route, namespaces in walk(get_resolver().url_patterns):
        if set(namespaces) & SELF_GUARDED_NAMESPACES or name in INFRASTRUCTURE:
            continue
        methods = api_methods(name, route, schema) if route.startswith("api/") else ("GET", "POST")
        routes[name] = Route(name, route, methods)
    return routes


ROUTES = project_routes()
CHECKED = [ROUTES[name] for name in EXPECTED if name in ROUTES]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The matrix's objects, built once inside a transaction that is rolled back after the module;
    each test runs in a savepoint inside it, so a request that changes a row changes it for one test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def probe_of(route: Route) -> Probe:
    return PROBES.get(route.view_name, Probe())


def filled(text: str, world: World) -> str:
    return text.format(**vars(world))


def request_of(route: Route, world: World) -> tuple[str, str, dict]:
    """(method, URL, body) of the route's probe with the world's objects filled in."""
    probe = probe_of(route)
    assert len(probe.args) == len(route.parameters), f"{route}: probe args {probe.args} for {route.parameters}"
    kwargs = {name: str(getattr(world, arg)) for name, arg in zip(route.parameters, probe.args, strict=True)}
    url = reverse(route.view_name, kwargs=kwargs)
    if probe.query:
        url += "?" + filled(probe.query, world)
    body = {key: filled(value, world) if isinstance(value, str) else value for key, value in probe.body.items()}
    return probe.method, url, body


def send(client: Client, method: str, url: str, body: dict, *, api_call: bool):
    if method == "GET":
        return client.get(url)
    if api_call:
        return client.generic(method, url, json.dumps(body), content_type="application/json")
    return client.generic(method, url, urlencode(body, doseq=True), content_type="application/x-www-form-urlencoded")


def text_of(response) -> str:
    """What `shows` is looked for in: the body of a page or JSON reply, the headers of a file."""
    kind = response.get("Content-Type", "")
    if kind.startswith(("application/json", PROBLEM_JSON)):
        return json.dumps(response.json(), ensure_ascii=False)
    if kind.startswith("text/") and not response.streaming:
        return response.content.decode()
    return f"{kind} {response.get('Content-Disposition', '')}"


def outcome(response, route: Route, url: str, world: World) -> str:
    """The code of the matrix this response is (`explain` says what it was when a cell fails)."""
    status, kind = response.status_code, response.get("Content-Type", "")
    body = text_of(response)
    if route.is_api and status in (401, 403) and kind == PROBLEM_JSON:
        code = response.json()["code"]
        if (status, code) == (401, "auth.required"):
            return "login"
        if (status, code) == (403, "auth.forbidden"):
            return "deny"
    if not route.is_api and status == 302 and response["Location"] == redirect_to_login(url).url:
        return "login"
    if not route.is_api and status == 403 and ACCESS_DENIED_PAGE in body:
        return "deny"
    if route.is_api and status >= 400 and kind != PROBLEM_JSON:
        return f"{status} (not problem+json)"
    probe = probe_of(route)
    shows = filled(probe.shows, world)
    if status == probe.status and shows in (response["Location"] if status == 302 else body):
        return "ok"
    if status == probe.status == 200 and "{" in probe.shows:
        return "cut"
    return str(status)


def explain(response) -> str:
    where = response.get("Location") if response.status_code == 302 else text_of(response)
    return f"{response.status_code}: {where[:600]}"


def locked(username: str, now: datetime) -> User:
    """Lock an account the way it happens in life: LOGIN_MAX_FAILURES wrong passwords."""
    for _ in range(settings.LOGIN_MAX_FAILURES):
        with pytest.raises(LoginError):
            accounts.login_with_lockout(username, "Wrong#0000", now=now)
    account = User.objects.get(username=username)
    assert account.locked_until == now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    return account


def problem(response) -> dict:
    assert response["Content-Type"] == PROBLEM_JSON, response.content.decode()
    return response.json()


@pytest.fixture
def lockout_settings(settings):
    settings.LOGIN_MAX_FAILURES = 5
    settings.LOGIN_LOCKOUT_MINUTES = 15
    return settings


# --------------------------------------------------------------------------- the table is complete


def test_every_route_is_in_the_matrix() -> None:
    # a new URL needs a deliberate row: who may open it, and what they get
    assert sorted(set(ROUTES) - set(EXPECTED)) == []


def test_the_matrix_lists_only_routes_that_exist() -> None:
    assert sorted(set(EXPECTED) - set(ROUTES)) == []
    assert sorted(set(PROBES) - set(ROUTES)) == []


def test_every_route_is_named_and_has_an_access_rule() -> None:
    # a rule needs a name, and a route without a rule is closed to everyone (deny by default)
    assert None not in ROUTES
    assert [name for name in ROUTES if rule_for(name) is None] == []


def test_every_api_operation_has_its_methods() -> None:
    # the methods of an operation, even where two share a path
    methods = {route.view_name: route.methods for route in ROUTES.values() if route.is_api}
    assert methods["api:list_my_enterprises"] == ("GET",)
    assert methods["api:register_enterprise"] == ("POST",)
    assert [name for name, verbs in methods.items() if len(verbs) != 1] == []


def test_personas_have_the_roles_the_matrix_assumes(personas) -> None:
    assert {name: person.role for name, person in personas.items()} == PERSONAS
    assert set(COLUMNS.values()) - {ANONYMOUS} <= set(PERSONAS)


def test_infrastructure_is_public_and_never_fails(demo) -> None:
    # when an anonymous visitor opens the API document and its UI
    openapi = Client().get("/api/v1/openapi.json")
    docs = Client().get("/api/docs")

    # then both are served
    assert (openapi.status_code, docs.status_code) == (200, 200)


# --------------------------------------------------------------------------- the matrix


@pytest.mark.parametrize("persona", COLUMNS.values())
@pytest.mark.parametrize("route", CHECKED, ids=str)
def test_access_matrix(route: Route, persona: str, world: World, client_as) -> None:
    # given the persona's page session (or none) and the route's probe with real objects
    client = Client() if persona == ANONYMOUS else client_as(persona)
    method, url, body = request_of(route, world)
    expected = EXPECTED[route.view_name][persona]
    audit_entries = AuditEntry.objects.count()

    # when the persona sends it
    response = send(client, method, url, body, api_call=route.is_api)

    # then the answer is the table's
    assert outcome(response, route, url, world) == expected, f"{persona} {method} {url} → {explain(response)}"
    if expected in ("login", "deny"):
        # and a refused request leaves no trace, whichever method a page is asked with
        assert AuditEntry.objects.count() == audit_entries
        for other in set(route.methods) - {method}:
            again = send(client, other, url, body, api_call=route.is_api)
            assert outcome(again, route, url, world) == expected, f"{persona} {other} {url} → {explain(again)}"


@pytest.mark.parametrize("persona", [p for p in COLUMNS.values() if p != ANONYMOUS])
def test_api_matrix_with_bearer_token(persona: str, world: World, db) -> None:
    # given an API client holding the persona's bearer token and no session (`db`: runs with the other
    # database tests, before the transactional ones empty the demo district)
    client = Client(headers={"Authorization": f"Bearer {issue_token(persona)}"})
    wrong = []

    for route in (route for route in CHECKED if route.is_api):
        # when it calls the operation (each in a savepoint, as the session test does)
        method, url, body = request_of(route, world)
        with transaction.atomic():
            response = send(client, method, url, body, api_call=True)
            transaction.set_rollback(True)

        # then the token's user gets what a page session gets
        got = outcome(response, route, url, world)
        if got != EXPECTED[route.view_name][persona]:
            wrong.append((route.view_name, got))

    assert wrong == []


def test_invalid_bearer_token_is_anonymous_even_with_a_session(client_as) -> None:
    # given a signed-in page session that also sends a bearer token that does not exist
    client = client_as("admin")

    # when it calls an API operation admins may use
    response = client.get("/api/v1/staff", headers={"Authorization": "Bearer tb_not-a-token"})

    # then the token alone decides: nobody is signed in
    assert response.status_code == 401
    assert problem(response)["code"] == "auth.required"


def test_pages_negotiate_their_language_and_a_bearer_client_is_answered_in_the_site_language(
        client_as, api_as) -> None:
    # given a page asked for in English: Django's negotiation applies and the thread keeps "en"
    page = client_as("kezhang").get("/", headers={"Accept-Language": "en"})
    assert (page["Content-Language"], page["X-Frame-Options"]) == ("en", "DENY")
    assert translation.get_language() == "en"

    # when an API client asks in English with its bearer token
    reply = api_as("kezhang").get("/api/v1/me", headers={"Accept-Language": "en"})

    # then it is answered in the site's language, which is active again, and not framed-guarded
    assert reply.status_code == 200 and reply["Content-Language"] == settings.LANGUAGE_CODE == "zh-hans"
    assert translation.get_language() == "zh-hans"
    assert not reply.has_header("X-Frame-Options")


def test_session_write_to_the_api_needs_the_csrf_token(user, lockout_settings) -> None:
    # given a locked reviewer and his department head signed in with a CSRF-checking browser
    now = timezone.now()
    shenpi = locked("shenpi", now)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user("kezhang"))
    audit_entries = AuditEntry.objects.count()

    # when the head's session posts the unlock without a CSRF token
    response = client.post(f"/api/v1/staff/{shenpi.pk}/unlock", content_type="application/json")

    # then it is refused as a forged request (not as "please log in") and nothing changed
    assert response.status_code == 403
    assert problem(response)["code"] == "auth.csrf_failed"
    assert User.objects.get(pk=shenpi.pk).locked_until == shenpi.locked_until
    assert AuditEntry.objects.count() == audit_entries


# --------------------------------------------------------------------------- object scope

SEES = [
    ("kezhang", "shenpi"),
    ("kezhang", "jiancha"),
    ("kezhang", "kezhang"),
    ("kezhang_zj", "shenpi_zj"),
    ("zhuren", "shenpi"),
    ("zhuren", "shenpi_zj"),
    ("zhuren", "shouli_zy"),
    ("zhuren_zy", "shouli_zy"),
    ("admin", "shenpi_zj"),
    ("admin", "zhuren_zy"),
]
DOES_NOT_SEE = [
    ("kezhang", "shenpi_zj"),
    ("kezhang", "shouli"),
    ("kezhang", "zhuren"),
    ("kezhang_zj", "shenpi"),
    ("zhuren_zy", "shenpi"),
    ("zhuren_zy", "shenpi_zj"),
    ("zhuren_zy", "kezhang"),
    ("zhuren_zy", "shouli"),
    ("zhuren_zy", "zhuren"),
    ("zhuren", "admin"),  # nobody but administrators manages an administrator
    ("admin", "zhangsan"),  # citizens are not staff records at all
]


def pair_id(pair: tuple[str, str]) -> str:
    return f"{pair[0]}->{pair[1]}"


@pytest.mark.parametrize(("viewer", "target"), SEES, ids=map(pair_id, SEES))
def test_staff_detail_inside_scope(viewer, target, user, api_as) -> None:
    # given a staff member inside the viewer's scope
    staff = user(target)

    # when the viewer opens the record
    response = api_as(viewer).get(f"/api/v1/staff/{staff.pk}")

    # then it is shown, personal data masked
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["username"], body["role"]) == (staff.pk, target, staff.role)
    assert body["phone"] == staff.phone[:3] + "****" + staff.phone[-4:]


@pytest.mark.parametrize(("viewer", "target"), DOES_NOT_SEE, ids=map(pair_id, DOES_NOT_SEE))
def test_staff_detail_outside_scope_is_not_found(viewer, target, user, api_as) -> None:
    # given a person outside the viewer's scope
    staff = user(target)

    # when the viewer opens the record
    response = api_as(viewer).get(f"/api/v1/staff/{staff.pk}")

    # then it does not exist as far as the viewer can tell
    assert response.status_code == 404
    body = problem(response)
    assert (body["code"], body["detail"]) == (
        "staff.not_found",
        "未找到该工作人员，或不在您的管理范围内。",
    )


@pytest.mark.parametrize(
    ("viewer", "usernames"),
    [
        ("kezhang", {"shenpi", "kezhang", "jiancha"}),
        ("kezhang_zj", {"shenpi_zj", "kezhang_zj"}),
        ("zhuren_zy", {"zhuren_zy", "shouli_zy"}),
    ],
)
def test_staff_list_is_cut_to_scope(viewer, usernames, api_as) -> None:
    # when the viewer lists staff
    response = api_as(viewer).get("/api/v1/staff")

    # then exactly the staff in scope are listed
    assert response.status_code == 200
    assert {item["username"] for item in response.json()["items"]} == usernames
    assert response.json()["next_cursor"] is None


def test_admin_staff_list_sees_every_staff_member_and_no_citizen(api_as) -> None:
    # when the admin lists staff
    items = api_as("admin").get("/api/v1/staff?limit=200").json()["items"]

    # then every staff persona is there, and no citizen or enterprise user
    names = {item["username"] for item in items}
    assert {n for n, role in PERSONAS.items() if role not in ("citizen", "enterprise")} <= names
    assert names & {"zhangsan", "lisi", "qiye"} == set()


@pytest.mark.parametrize("persona", ["kezhang", "admin"])
def test_staff_list_endpoint_query_count_does_not_grow_with_rows(
    persona, client_as, django_assert_num_queries
) -> None:
    client = client_as(persona)

    # session, user, one page of staff with department and region joined
    with django_assert_num_queries(3):
        response = client.get("/api/v1/staff")
    assert response.status_code == 200


UNLOCKS = [
    ("kezhang", "shenpi"),
    ("zhuren", "shenpi_zj"),
    ("zhuren_zy", "shouli_zy"),
    ("admin", "kezhang_zj"),
]
REFUSED_UNLOCKS = [
    ("kezhang", "shenpi_zj"),
    ("kezhang_zj", "shenpi"),
    ("zhuren_zy", "shenpi"),
    ("zhuren_zy", "shouli"),
]


@pytest.mark.parametrize(("actor", "target"), UNLOCKS, ids=map(pair_id, UNLOCKS))
def test_unlock_inside_scope(actor, target, user, api_as, lockout_settings) -> None:
    # given a locked staff account inside the actor's scope
    staff = locked(target, timezone.now())
    client = api_as(actor)
    audit_entries = AuditEntry.objects.count()

    # when the actor unlocks it through the API
    response = client.post(f"/api/v1/staff/{staff.pk}/unlock")

    # then the lock is gone and the unlock is audited under the actor's name
    assert response.status_code == 200
    assert (response.json()["username"], response.json()["is_locked"]) == (target, False)
    assert User.objects.get(pk=staff.pk).locked_until is None
    assert AuditEntry.objects.count() == audit_entries + 1
    entry = AuditEntry.objects.get(stream=f"accounts.user:{staff.pk}", action="account.unlocked")
    assert entry.actor == user(actor)
    assert entry.before == {"locked_until": staff.locked_until.isoformat()}
    assert entry.after == {"locked_until": None}


@pytest.mark.parametrize(("actor", "target"), REFUSED_UNLOCKS, ids=map(pair_id, REFUSED_UNLOCKS))
def test_unlock_outside_scope_changes_nothing(actor, target, api_as, lockout_settings) -> None:
    # given a locked staff account outside the actor's scope
    staff = locked(target, timezone.now())
    client = api_as(actor)
    audit_entries = AuditEntry.objects.count()

    # when the actor tries to unlock it
    response = client.post(f"/api/v1/staff/{staff.pk}/unlock")

    # then it is not found, still locked, and the log has no new entry
    assert response.status_code == 404
    assert problem(response)["code"] == "staff.not_found"
    assert User.objects.get(pk=staff.pk).locked_until == staff.locked_until
    assert AuditEntry.objects.count() == audit_entries


def test_unlock_page_inside_scope(client_as, lockout_settings) -> None:
    # given a locked reviewer and his department head on the staff page
    staff = locked("shenpi", timezone.now())
    client = client_as("kezhang")

    # when the head presses 解锁
    response = client.post(f"/accounts/staff/{staff.pk}/unlock/", follow=True)

    # then the lock is lifted and the page says so
    assert response.redirect_chain == [("/accounts/staff/", 302)]
    assert "已解除 赵强 的登录锁定。" in response.content.decode()
    assert User.objects.get(pk=staff.pk).locked_until is None


def test_unlock_page_outside_scope_changes_nothing(client_as, lockout_settings) -> None:
    # given a locked reviewer of another department
    staff = locked("shenpi_zj", timezone.now())
    client = client_as("kezhang")
    audit_entries = AuditEntry.objects.count()

    # when the 市场监管局 head posts an unlock for him
    response = client.post(f"/accounts/staff/{staff.pk}/unlock/", follow=True)

    # then the page reports him as not found and nothing changed
    assert response.redirect_chain == [("/accounts/staff/", 302)]
    assert "未找到该工作人员，或不在您的管理范围内。" in response.content.decode()
    assert User.objects.get(pk=staff.pk).locked_until == staff.locked_until
    assert AuditEntry.objects.count() == audit_entries

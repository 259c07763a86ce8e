"""惠企政策 demo: seed 002's two policies split into programs, every amount as rule data.

- 临兰政发〔2021〕2号 关于支持工业经济高质量发展的实施意见: the 工业 fund, 5000万元 a year;
  公示 5 个工作日 (rule policy.publicity_working_days); "从优、从高、同类别不重复计算".
- 临兰政办发〔2021〕25号 直播电商扶持激励办法实施细则: 自主报送 → 第三方评审 → 联合审定 → 媒体公示
  → 资金发放 (no 公示 period set: the district default applies); 第三十四条 同类不重复享受.

Each program's ``rules`` is a document of tongban.policies.rules_engine (docs/policies.md). The
seed sets no budget for the 直播电商 rules ("以年度财政预算数为上限"): DEMO_LIVE_COMMERCE_BUDGET
is the demo's assumption, marked as such on the policy.
"""

from __future__ import annotations

SERIOUS_DISHONESTY_FREE = {"fact": "profile.serious_dishonesty", "op": "!=", "value": True,
                           "label": "当年度信用记录无严重失信行为"}
IN_DISTRICT = {"fact": "profile.in_district", "op": "==", "value": True, "label": "在兰山区依法注册"}
MANUFACTURER = {"fact": "profile.industry", "op": "==", "value": "manufacturing", "label": "制造业企业"}
ABOVE_SCALE = {"fact": "profile.size", "op": "==", "value": "above_scale", "label": "规模以上工业企业"}
LEVELS_NP = [["national", "国家级"], ["provincial", "省级"]]

GONGYE_CODE = "LLZF-2021-2"
LIVE_CODE = "LLZBF-2021-25"
GONGYE_BUDGET_YUAN = "50000000"  # 设立5000万元专项资金
DEMO_LIVE_COMMERCE_BUDGET = "20000000"  # demo assumption: 年度财政预算数 is not in the seed


def _all(*conditions: dict) -> dict:
    return {"all": list(conditions)}


GONGYE_PROGRAMS: list[dict] = [
    {
        "code": "gy-benchmark", "clause": "二（一）1", "title": "区级重大技术改造标杆项目",
        "category": "gy.benchmark", "allocation": "ranking", "project_required": True,
        "materials": ["申请报告", "项目年度完成投资证明", "评价材料（附件1）"],
        "rules": {
            "inputs": [
                {"name": "annual_investment_yuan", "label": "项目年度完成投资（元）", "kind": "decimal"},
                {"name": "strategic_emerging", "label": "是否战略性新兴产业项目", "kind": "bool"},
            ],
            "eligibility": _all(MANUFACTURER, IN_DISTRICT, {"any": [
                {"fact": "declared.annual_investment_yuan", "op": ">=", "value": "50000000"},
                {"fact": "declared.strategic_emerging", "op": "==", "value": True},
            ], "label": "年度完成投资5000万元以上（战略性新兴产业项目可适当放宽）"}),
            "amount": {"type": "ranked", "fact": "review.rank", "label": "评选名次",
                       "ranks": [{"from": 1, "to": 1, "yuan": "1000000"},
                                 {"from": 2, "to": 4, "yuan": "500000"},
                                 {"from": 5, "to": 10, "yuan": "200000"}]},
        },
    },
    {
        "code": "gy-upgrade", "clause": "二（一）2", "title": "传统产业转型升级设备投资补贴",
        "category": "gy.upgrade", "allocation": "pro_rata", "project_required": True,
        "materials": ["项目手续", "设备投资发票（不含增值税）", "评价材料（附件2）"],
        "rules": {
            "inputs": [{"name": "equipment_investment_yuan", "label": "设备投资额（不含增值税的设备原值，元）",
                        "kind": "decimal"}],
            "eligibility": _all(MANUFACTURER, IN_DISTRICT,
                                {"fact": "declared.equipment_investment_yuan", "op": ">=", "value": "10000000",
                                 "label": "设备投资1000万元以上"},
                                {"fact": "profile.history", "op": "not_contains", "value": "tech_loan_interest",
                                 "label": "未享受重点技术改造项目贷款贴息"}),
            "amount": {"type": "proportional", "fact": "declared.equipment_investment_yuan", "percent": "5",
                       "cap_yuan": "10000000", "label": "设备投资额的5%，单个项目最高1000万元"},
        },
    },
    {
        "code": "gy-scale-up", "clause": "二（二）1", "title": "工业企业首次升规纳统奖励",
        "category": "gy.scale_up", "allocation": "pro_rata",
        "materials": ["纳统证明", "下一年度产值证明"],
        "rules": {
            "inputs": [
                {"name": "next_year_output_yuan", "label": "纳统后下一年度产值（元）", "kind": "decimal"},
                {"name": "output_growth_pct", "label": "产值增幅（%）", "kind": "decimal"},
            ],
            "eligibility": _all(IN_DISTRICT,
                                {"fact": "profile.first_time_above_scale", "op": "==", "value": True,
                                 "label": "首次升规纳统"},
                                {"fact": "declared.next_year_output_yuan", "op": ">=", "value": "100000000",
                                 "label": "纳统后下一年度产值突破1亿元"},
                                {"fact": "declared.output_growth_pct", "op": ">",
                                 "value": {"fact": "profile.district_output_growth_pct"},
                                 "label": "增幅高于全区平均水平"}),
            "amount": {"type": "fixed", "yuan": "50000", "label": "一次性奖励"},
        },
    },
    {
        "code": "gy-revenue", "clause": "二（二）2", "title": "规上工业企业营业收入首次突破奖励",
        "category": "gy.revenue", "allocation": "pro_rata",
        "materials": ["年度营业收入证明（税务、统计）"],
        "rules": {
            "inputs": [
                {"name": "revenue_yuan", "label": "本年度营业收入（元）", "kind": "decimal"},
                {"name": "previous_max_revenue_yuan", "label": "以往年度最高营业收入（元）", "kind": "decimal"},
            ],
            "eligibility": _all(MANUFACTURER, ABOVE_SCALE, IN_DISTRICT),
            "amount": {"type": "tiers", "fact": "declared.revenue_yuan",
                       "previous_fact": "declared.previous_max_revenue_yuan", "label": "首次突破",
                       "tiers": [{"min": "500000000", "yuan": "100000", "label": "5亿元"},
                                 {"min": "1000000000", "yuan": "200000", "label": "10亿元"},
                                 {"min": "3000000000", "yuan": "300000", "label": "30亿元"},
                                 {"min": "5000000000", "yuan": "500000", "label": "50亿元"},
                                 {"min": "10000000000", "yuan": "1000000", "label": "100亿元"}]},
        },
    },
    {
        "code": "gy-digital", "clause": "二（三）", "title": "新认定互联网应用项目奖励",
        "category": "gy.digital", "allocation": "pro_rata",
        "materials": ["认定文件"],
        "rules": {
            "inputs": [
                {"name": "project_kind", "label": "项目类别", "kind": "choice", "choices": [
                    ["industrial_internet", "工业互联网平台示范试点"], ["5g", "5G产业示范试点"],
                    ["cluster_ai", "“现代优势产业集群+人工智能”示范试点"],
                    ["digital_factory", "数字化工厂与数字化车间"]]},
                {"name": "level", "label": "认定级别", "kind": "choice", "choices": LEVELS_NP},
            ],
            "eligibility": _all(IN_DISTRICT, {"fact": "declared.project_kind", "op": "exists",
                                              "label": "新认定的互联网应用项目"}),
            "amount": {"type": "lookup", "fact": "declared.level", "label": "按认定级别",
                       "table": {"national": "500000", "provincial": "200000"}},
        },
    },
    {
        "code": "gy-integration", "clause": "二（三）", "title": "两化融合管理体系贯标认证奖励",
        "category": "gy.integration", "allocation": "pro_rata",
        "materials": ["贯标认证证书"],
        "rules": {
            "eligibility": _all(IN_DISTRICT, {"fact": "profile.titles", "op": "contains",
                                              "value": "two_integration_certified",
                                              "label": "新认定的两化融合管理体系贯标认证企业"}),
            "amount": {"type": "fixed", "yuan": "150000"},
        },
        "auto_grant": True,
    },
    {
        "code": "gy-unicorn", "clause": "二（四）", "title": "新认定独角兽、专精特新“小巨人”企业奖励",
        "category": "gy.innovation", "allocation": "pro_rata",
        "materials": ["认定文件"],
        "rules": {
            "inputs": [{"name": "title", "label": "认定称号", "kind": "choice",
                        "choices": [["unicorn", "独角兽企业"], ["little_giant", "专精特新“小巨人”企业"]]}],
            "eligibility": IN_DISTRICT,
            "amount": {"type": "lookup", "fact": "declared.title", "label": "按称号",
                       "table": {"unicorn": "1000000", "little_giant": "500000"}},
        },
    },
    {
        "code": "gy-champion", "clause": "二（四）", "title": "新认定单项冠军、瞪羚、隐形冠军、技术创新示范、质量标杆企业奖励",
        "category": "gy.innovation", "allocation": "pro_rata",
        "materials": ["认定文件"],
        "rules": {
            "inputs": [
                {"name": "title", "label": "认定称号", "kind": "choice", "choices": [
                    ["single_champion", "制造业单项冠军企业"], ["gazelle", "瞪羚企业"], ["hidden_champion", "隐形冠军企业"],
                    ["tech_demo", "技术创新示范企业"], ["quality_benchmark", "质量标杆企业"]]},
                {"name": "level", "label": "认定级别", "kind": "choice", "choices": LEVELS_NP},
            ],
            "eligibility": IN_DISTRICT,
            "amount": {"type": "lookup", "fact": "declared.level", "label": "按认定级别",
                       "table": {"national": "500000", "provincial": "200000"}},
        },
    },
    {
        "code": "gy-green", "clause": "二（五）", "title": "绿色园区、绿色工厂奖励",
        "category": "gy.green", "allocation": "pro_rata",
        "materials": ["认定文件"],
        "rules": {
            "inputs": [{"name": "level", "label": "认定级别", "kind": "choice", "choices": [
                *LEVELS_NP, ["municipal", "市级"]]}],
            "eligibility": IN_DISTRICT,
            "amount": {"type": "lookup", "fact": "declared.level", "label": "按认定级别",
                       "table": {"national": "500000", "provincial": "200000", "municipal": "50000"}},
        },
    },
    {
        "code": "gy-green-product", "clause": "二（五）", "title": "国家级绿色设计产品奖励（按批次）",
        "category": "gy.green_product", "allocation": "pro_rata", "project_required": True,
        "materials": ["国家级绿色设计产品名单（批次）"],
        "rules": {"eligibility": IN_DISTRICT, "amount": {"type": "fixed", "yuan": "50000"}},
    },
    {
        "code": "gy-mu-efficiency", "clause": "二（六）", "title": "亩产效益评价A类企业奖励",
        "category": "gy.mu_efficiency", "allocation": "pro_rata",
        "materials": [],
        "rules": {
            "eligibility": _all(ABOVE_SCALE, IN_DISTRICT,
                                {"fact": "profile.mu_efficiency_grade", "op": "==", "value": "A",
                                 "label": "亩产效益综合评价结果为A"}),
            "amount": {"type": "fixed", "yuan": "30000"},
        },
        "auto_grant": True,
    },
]

LIVE_BASE = _all(IN_DISTRICT, SERIOUS_DISHONESTY_FREE)

LIVE_PROGRAMS: list[dict] = [
    {
        "code": "ds-anchor", "clause": "第七条（一）", "title": "头部电商主播奖励（前十名）",
        "category": "ds.anchor", "allocation": "ranking",
        "materials": ["申请报告", "电商主播人才申报表（附件1）", "身份证复印件", "征信情况", "销售额、销售量、粉丝量、投诉量证明",
                      "责任声明（附件6）"],
        "rules": {
            "inputs": [{"name": "anchor_age", "label": "主播年龄（周岁）", "kind": "integer"}],
            "eligibility": _all(SERIOUS_DISHONESTY_FREE, {"fact": "declared.anchor_age", "op": ">=", "value": 18,
                                                          "label": "年满18周岁"}),
            "amount": {"type": "ranked", "fact": "review.rank", "label": "认定排名",
                       "ranks": [{"from": 1, "to": 3, "yuan": "300000"}, {"from": 4, "to": 6, "yuan": "200000"},
                                 {"from": 7, "to": 10, "yuan": "100000"}]},
        },
    },
    {
        "code": "ds-base-new", "clause": "第十二条（一）", "title": "新建直播基地（园区）奖励",
        "category": "ds.base", "allocation": "pro_rata", "project_required": True,
        "materials": ["直播基地（园区）申报表（附件2）", "营业执照、法人身份证复印件", "企业征信情况", "责任声明（附件6）",
                      "建设时间、投资金额、面积、直播间数量等申请报告及证明材料"],
        "rules": {
            "inputs": [
                {"name": "investment_yuan", "label": "投资金额（元）", "kind": "decimal"},
                {"name": "area_sqm", "label": "使用面积（平方米）", "kind": "decimal"},
                {"name": "rooms", "label": "直播间数量（间）", "kind": "integer"},
            ],
            "eligibility": _all(*LIVE_BASE["all"],
                                {"fact": "declared.area_sqm", "op": ">=", "value": "20000", "label": "使用面积20000平方米以上"},
                                {"fact": "declared.rooms", "op": ">=", "value": 100, "label": "直播间数量100间以上"}),
            "amount": {"type": "per_unit", "fact": "declared.investment_yuan", "unit_size": "100000000",
                       "yuan_per_unit": "1000000", "whole_units": True, "cap_yuan": "5000000",
                       "label": "每投资1亿元奖励100万元，最高500万元"},
        },
    },
    {
        "code": "ds-base-running", "clause": "第十二条（二）", "title": "在运营直播基地（园区）奖励",
        "category": "ds.base", "allocation": "pro_rata", "project_required": True,
        "materials": ["直播基地（园区）申报表（附件2）", "营业执照、法人身份证复印件", "企业征信情况", "责任声明（附件6）",
                      "使用面积、直播间数量、注册机构数、活跃主播数、年总直播销售额等申请报告及证明材料"],
        "rules": {
            "inputs": [
                {"name": "area_sqm", "label": "使用面积（平方米）", "kind": "decimal"},
                {"name": "rooms", "label": "直播间数量（间）", "kind": "integer"},
                {"name": "organisations", "label": "注册机构数（家）", "kind": "integer"},
                {"name": "active_anchors", "label": "注册活跃主播人数（人）", "kind": "integer"},
                {"name": "annual_sales_yuan", "label": "年总直播销售额（元）", "kind": "decimal"},
            ],
            "eligibility": _all(*LIVE_BASE["all"],
                                {"fact": "declared.area_sqm", "op": ">=", "value": "20000", "label": "使用面积20000平方米以上"},
                                {"fact": "declared.rooms", "op": ">=", "value": 20, "label": "直播间数量20间以上"},
                                {"fact": "declared.organisations", "op": ">=", "value": 20, "label": "注册机构数20家以上"},
                                {"fact": "declared.active_anchors", "op": ">", "value": 50, "label": "注册活跃主播人数超过50人"},
                                {"fact": "declared.annual_sales_yuan", "op": ">=", "value": "1000000000",
                                 "label": "年总直播销售额10亿元以上"}),
            "amount": {"type": "per_unit", "fact": "declared.area_sqm", "yuan_per_unit": "10", "cap_yuan": "300000",
                       "label": "每平方米10元，最高30万元"},
        },
    },
    {
        "code": "ds-market", "clause": "第十二条（三）", "title": "建有共享直播专营区的专业批发市场奖励",
        "category": "ds.base", "allocation": "pro_rata", "project_required": True,
        "materials": ["直播基地（园区）申报表（附件2）", "营业执照、法人身份证复印件", "企业征信情况", "责任声明（附件6）",
                      "直播使用面积、直播间数量、活跃主播人数、年总直播销售额等申请报告及证明材料"],
        "rules": {
            "inputs": [
                {"name": "live_area_sqm", "label": "直播使用面积（平方米）", "kind": "decimal"},
                {"name": "rooms", "label": "直播间数量（间）", "kind": "integer"},
                {"name": "active_anchors", "label": "注册活跃主播人数（人）", "kind": "integer"},
                {"name": "annual_sales_yuan", "label": "年总直播销售额（元）", "kind": "decimal"},
            ],
            "eligibility": _all(*LIVE_BASE["all"],
                                {"fact": "declared.live_area_sqm", "op": ">=", "value": "1000",
                                 "label": "直播使用面积1000平方米以上"},
                                {"fact": "declared.rooms", "op": ">=", "value": 5, "label": "直播间数量5间以上"},
                                {"fact": "declared.active_anchors", "op": ">", "value": 10, "label": "注册活跃主播人数超过10人"},
                                {"fact": "declared.annual_sales_yuan", "op": ">=", "value": "100000000",
                                 "label": "年总直播销售额1亿元以上"}),
            "amount": {"type": "per_unit", "fact": "declared.live_area_sqm", "yuan_per_unit": "30", "cap_yuan": "100000",
                       "label": "每平方米30元，最高10万元"},
        },
    },
    {
        "code": "ds-service-provider", "clause": "第十七条（一）", "title": "直播平台服务商奖励",
        "category": "ds.service_provider", "allocation": "pro_rata",
        "materials": ["申请报告", "人才孵化基地申报表（附件3）", "营业执照、法定代表人身份证复印件", "企业征信情况",
                      "责任声明（附件6）", "服务30家以上区内企业直播业务及销售额证明"],
        "rules": {
            "inputs": [{"name": "served_firms", "label": "服务的区内企业数（每家年直播销售额2000万元以上，家）",
                        "kind": "integer"}],
            "eligibility": _all(*LIVE_BASE["all"],
                                {"fact": "declared.served_firms", "op": ">=", "value": 30, "label": "服务30家以上区内企业"}),
            "amount": {"type": "per_unit", "fact": "declared.served_firms", "yuan_per_unit": "1000", "cap_yuan": "200000",
                       "label": "每家企业1000元，最高20万元"},
        },
    },
    {
        "code": "ds-training", "clause": "第十七条（二）", "title": "直播电商培训机构奖励",
        "category": "ds.training", "allocation": "pro_rata",
        "materials": ["申请报告", "人才孵化基地申报表（附件3）", "营业执照、法定代表人身份证复印件", "企业征信情况",
                      "责任声明（附件6）", "培训1000人以上学员证明材料"],
        "rules": {
            "inputs": [{"name": "trainees", "label": "年培训学员（人，不含关联机构）", "kind": "integer"}],
            "eligibility": _all(*LIVE_BASE["all"],
                                {"fact": "declared.trainees", "op": ">=", "value": 1000, "label": "年培训学员1000人以上"}),
            "amount": {"type": "per_unit", "fact": "declared.trainees", "yuan_per_unit": "100", "cap_yuan": "100000",
                       "label": "每位学员100元，最高10万元"},
        },
    },
    {
        "code": "ds-mcn", "clause": "第十七条（三）", "title": "MCN机构奖励",
        "category": "ds.mcn", "allocation": "pro_rata",
        "materials": ["申请报告", "人才孵化基地申报表（附件3）", "营业执照、法定代表人身份证复印件", "企业征信情况",
                      "责任声明（附件6）", "独家签约主播及年直播销售额证明"],
        "rules": {
            "inputs": [
                {"name": "anchors_500m", "label": "独家签约年直播销售额5亿元以上的主播（人）", "kind": "integer"},
                {"name": "anchors_50m", "label": "独家签约年直播销售额5000万元以上的主播（人）", "kind": "integer"},
                {"name": "anchors_10m", "label": "独家签约年直播销售额1000万元以上的主播（人）", "kind": "integer"},
            ],
            "eligibility": _all(*LIVE_BASE["all"],
                                {"fact": "declared.anchors_10m", "op": ">=", "value": 1,
                                 "label": "独家签约年直播销售额1000万元以上的主播"}),
            "amount": {"type": "max", "label": "三种情形从高", "of": [
                {"type": "fixed", "yuan": "200000", "label": "签约5亿元以上顶级头部主播",
                 "when": {"fact": "declared.anchors_500m", "op": ">=", "value": 1}},
                {"type": "fixed", "yuan": "100000", "label": "签约5名以上5000万元主播",
                 "when": {"fact": "declared.anchors_50m", "op": ">=", "value": 5}},
                {"type": "per_unit", "fact": "declared.anchors_10m", "yuan_per_unit": "10000", "cap_yuan": "100000",
                 "label": "每名1000万元主播1万元，最高10万元"},
            ]},
        },
    },
    {
        "code": "ds-selection-center", "clause": "第二十二条（一）", "title": "知名品牌供应链选品中心（展销中心）奖励",
        "category": "ds.supply_chain", "allocation": "pro_rata",
        "materials": ["申请报告", "优质供应链企业申报表（附件4）", "营业执照、法定代表人身份证复印件", "企业征信情况",
                      "责任声明（附件6）", "100家以上区内企业选品服务证明"],
        "rules": {
            "inputs": [
                {"name": "months_operating", "label": "正常运营月数", "kind": "integer"},
                {"name": "served_firms", "label": "提供选品服务的区内企业（家）", "kind": "integer"},
            ],
            "eligibility": _all(*LIVE_BASE["all"],
                                {"fact": "declared.months_operating", "op": ">=", "value": 12, "label": "正常运营满一年"},
                                {"fact": "declared.served_firms", "op": ">=", "value": 100,
                                 "label": "为100家以上区内企业提供选品服务"}),
            "amount": {"type": "fixed", "yuan": "50000", "label": "一次性奖励"},
        },
    },
    {
        "code": "ds-producer", "clause": "第二十二条（二）", "title": "本地生产型企业直播销售奖励",
        "category": "ds.supply_chain", "allocation": "pro_rata",
        "materials": ["申请报告", "优质供应链企业申报表（附件4）", "营业执照、法定代表人身份证复印件", "企业征信情况",
                      "责任声明（附件6）", "直播业务销售额证明"],
        "rules": {
            "inputs": [{"name": "live_sales_yuan", "label": "年度直播销售额（元）", "kind": "decimal"}],
            "eligibility": _all(*LIVE_BASE["all"],
                                {"fact": "declared.live_sales_yuan", "op": ">=", "value": "1000000",
                                 "label": "年度直播销售额100万元以上"}),
            "amount": {"type": "per_unit", "fact": "declared.live_sales_yuan", "unit_size": "1000000",
                       "yuan_per_unit": "20000", "whole_units": True, "cap_yuan": "1000000",
                       "label": "每直播销售100万元奖励2万元，最高100万元"},
        },
    },
    {
        "code": "ds-event", "clause": "第二十七条", "title": "直播电商活动奖励",
        "category": "ds.event", "allocation": "pro_rata", "project_required": True,
        "materials": ["申请报告", "直播电商活动申报表（附件5）", "营业执照、负责人身份证复印件", "活动方案、照片、报道等影响力证明",
                      "费用明细及发票复印件", "举办方征信情况", "责任声明（附件6）"],
        "rules": {
            "inputs": [
                {"name": "cost_yuan", "label": "活动实际发生费用（元）", "kind": "decimal"},
                {"name": "provincial_influence", "label": "是否评定为省级以上影响力活动", "kind": "bool"},
            ],
            "eligibility": _all(*LIVE_BASE["all"],
                                {"fact": "declared.cost_yuan", "op": ">", "value": "0", "label": "有实际发生费用"}),
            "amount": {"type": "choose", "label": "按活动影响力", "cases": [
                {"when": {"fact": "declared.provincial_influence", "op": "==", "value": True},
                 "amount": {"type": "proportional", "fact": "declared.cost_yuan", "percent": "20",
                            "cap_yuan": "2000000", "label": "省级以上活动：费用的20%，最高200万元"}},
                {"amount": {"type": "proportional", "fact": "declared.cost_yuan", "percent": "20",
                            "cap_yuan": "100000", "label": "费用的20%，最高10万元"}},
            ]},
        },
    },
]

POLICIES: list[dict] = [
    {"code": GONGYE_CODE, "title": "关于支持工业经济高质量发展的实施意见", "document_number": "临兰政发〔2021〕2号",
     "issuer": "临沂市兰山区人民政府", "department": "区工业和信息化局", "budget_yuan": GONGYE_BUDGET_YUAN,
     "budget_note": "设立5000万元专项资金（每年）", "stacking": "从优、从高、同类别不重复计算",
     "publicity_working_days_rule": "policy.publicity_working_days", "programs": GONGYE_PROGRAMS},
    {"code": LIVE_CODE, "title": "兰山区支持直播电商产业高质量发展的扶持激励办法（试行）实施细则",
     "document_number": "临兰政办发〔2021〕25号", "issuer": "临沂市兰山区人民政府办公室", "department": "区商务局",
     "budget_yuan": DEMO_LIVE_COMMERCE_BUDGET,
     "budget_note": "支持总额以年度财政预算数为上限（演示预算，种子未给出数额）",
     "stacking": "同时符合省、市、区其他奖励扶持政策的同类优惠条件，不重复享受", "programs": LIVE_PROGRAMS},
]


#: 企业画像 of the demo enterprises (profile.* facts), by name
PROFILES: dict[str, dict] = {
    "临沂兰山示范商贸有限公司": {"industry": "live_commerce", "size": "small", "in_district": True,
                             "history": [], "titles": [], "licences": ["营业执照"]},
    "临沂沂河优选电子商务有限公司": {"industry": "manufacturing", "size": "above_scale", "in_district": True,
                              "history": [], "titles": ["two_integration_certified"], "mu_efficiency_grade": "A",
                              "first_time_above_scale": False, "district_output_growth_pct": "8.5",
                              "licences": ["营业执照"]},
}


def load_demo_policies(enterprises: dict | None = None) -> tuple[int, int]:
    """Create or update seed 002's policies, programs (rules as data, version 1) and the demo
    enterprises' profiles; return (programs, new rows). Safe to run repeatedly."""
    from datetime import UTC, datetime

    from tongban.accounts.models import Enterprise
    from tongban.policies import rules_engine
    from tongban.policies.models import EnterpriseProfile, Policy, Program, ProgramVersion

    now = datetime.now(UTC)
    created = programs = 0
    for spec in POLICIES:
        policy, new = Policy.objects.update_or_create(code=spec["code"], defaults={
            "title": spec["title"], "document_number": spec["document_number"], "issuer": spec["issuer"],
            "budget_fen": rules_engine.to_fen(rules_engine.yuan(spec["budget_yuan"])),
            "budget_note": spec["budget_note"], "stacking": spec["stacking"]})
        created += new
        for item in spec["programs"]:
            rules = rules_engine.validate(item["rules"])
            program, new = Program.objects.update_or_create(code=item["code"], defaults={
                "policy": policy, "title": item["title"], "clause": item["clause"], "category": item["category"],
                "allocation": item["allocation"], "materials": item["materials"],
                "excludes": item.get("excludes", []), "project_required": item.get("project_required", False),
                "auto_grant": item.get("auto_grant", False), "rules": rules, "version": 1, "active": True})
            ProgramVersion.objects.update_or_create(program=program, number=1,
                                                    defaults={"rules": rules, "created_at": now})
            created += new
            programs += 1
    by_name = enterprises or {e.name: e for e in Enterprise.objects.filter(name__in=PROFILES)}
    for name, facts in PROFILES.items():
        if name in by_name:
            _profile, new = EnterpriseProfile.objects.update_or_create(
                enterprise=by_name[name], defaults={"facts": facts, "updated_at": now})
            created += new
    return programs, created

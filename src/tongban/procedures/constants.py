"""Code lists of the government-internal procedures (seed 002, seed 003)."""

from django.db import models

#: 规范性文件制定前评估 triggers (seed 002 第十五条).
ASSESSMENT_TRIGGERS: tuple[tuple[str, str], ...] = (
    ("major_interests", "涉及公民、法人或其他组织重大利益"),
    ("business_operations", "与企业生产经营活动密切相关"),
    ("public_concern", "社会公众普遍关注或争议较大"),
    ("macro_policy", "涉及宏观经济稳定、市场稳定或重要行业领域重大政策调整"),
    ("other", "其他按规定应当进行评估的情形"),
)

#: 送审材料 of a 规范性文件 (seed 002 第十九条); `when` names the flag that makes it required.
NORM_MATERIALS: tuple[tuple[str, str, str], ...] = (
    ("application", "送审申请书", "always"),
    ("draft", "规范性文件草案及电子文本", "always"),
    ("explanation", "加盖部门公章的起草说明", "always"),
    ("basis", "制定依据的法律、法规、规章、上级政策文件及权责清单", "always"),
    ("preliminary_review", "起草部门法制机构合法性初审意见", "always"),
    ("consultation", "征求意见的有关材料及采纳情况", "always"),
    ("enterprise_opinions", "听取有代表性的企业和行业协会商会意见的书面记录", "affects_enterprises"),
    ("fair_competition", "公平竞争书面审查结论", "affects_enterprises"),
    ("other", "需报送的其他材料", "optional"),
)

#: 合法性审查 materials of a 重大行政决策 (seed 003 第三十四条).
DECISION_MATERIALS: tuple[tuple[str, str, str], ...] = (
    ("draft", "决策草案及起草说明", "always"),
    ("basis", "法律、法规、规章和政策依据目录及文本", "always"),
    ("fair_competition", "公平竞争审查结论书", "optional"),
    ("public_opinions", "听取公众意见及意见采纳情况的汇总材料（含听证笔录）", "always"),
    ("expert_opinions", "专家论证结论及其意见研究采纳情况说明", "always"),
    ("risk_report", "风险评估报告", "always"),
    ("department_opinions", "部门意见征集情况汇总或部门会签意见", "always"),
    ("preliminary_review", "合法性初审意见书", "always"),
    ("other", "合法性审查所需的其他资料", "optional"),
)


class RiskLevel(models.TextChoices):
    HIGH = "high", "高风险"
    MEDIUM = "medium", "中风险"
    LOW = "low", "低风险"


class DecisionOutcome(models.TextChoices):
    AGREE = "agree", "同意"
    AGREE_IN_PRINCIPLE = "agree_in_principle", "原则同意"
    DISAGREE = "disagree", "不同意"


class Cleanup(models.TextChoices):
    KEEP = "keep", "继续有效"
    REVISE = "revise", "修改"
    REPEAL = "repeal", "废止"


#: 决策后评估 triggers (seed 003 第四十九条) and contents (第五十条).
EVALUATION_TRIGGERS: tuple[tuple[str, str], ...] = (
    ("basis_changed", "决策依据或客观情况发生重大变化"),
    ("below_expectation", "实施后明显未达到预期效果"),
    ("many_opinions", "公民、法人或者其他组织提出较多意见"),
    ("deemed_necessary", "决策机关认为有必要"),
)
EVALUATION_CONTENTS: tuple[tuple[str, str], ...] = (
    ("purpose", "实施结果与决策制定目的是否符合"),
    ("cost_benefit", "实施的成本、效率、进展状态、效益分析"),
    ("public_view", "实施中的社会公众评价"),
    ("negatives", "决策带来的负面因素"),
    ("acceptance", "在实施对象中的接受程度"),
    ("direction", "与经济社会发展方向的符合程度"),
    ("effects", "近期效益和长远影响"),
)

TEXT_MAX = 5000  # longest free text (opinions, reports) a form or the API accepts
QUARTER_MONTHS = 3  # a calendar quarter (the catalogue is published per quarter)

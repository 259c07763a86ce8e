"""What each role's workbench offers: the tasks of that role, in the order they are done.

Entries point at capabilities by URL name; those not yet built are listed as planned so
staff see the whole shape of their work from day one.
"""

from django.urls import NoReverseMatch, reverse

from tongban.accounts.constants import Role
from tongban.accounts.policy import rule_for

TASKS_BY_ROLE: dict[str, list[tuple[str, str, str]]] = {
    Role.INTAKE_CLERK: [
        ("cases:window_intake", "综合窗口受理", "为现场申请人受理任意事项"),
        ("cases:exit_window", "综合窗口出件", "向申请人发放办理结果"),
        ("ratings:queue", "差评整改回访", "回访已核实的整改单"),
    ],
    Role.REVIEWER: [
        ("cases:department_queue", "待审批办件", "本部门待办，按紧急程度排序"),
        ("cases:commitments_overdue", "告知承诺核查", "核查期限已过仍未核查的告知承诺"),
        ("catalog_desk:items", "事项管理", "起草、修订本部门事项，提交联合审核"),
        ("hotline:queue", "12345 工单", "本部门承办的工单：签收、答复、申请延期"),
        ("ratings:queue", "差评整改", "本部门差评：整改答复，误评可申诉复核"),
        ("ledger:my_tasks", "工作台账", "本单位承担的改革任务：报送进展、上传佐证、到期提醒"),
        ("procedures:desk", "规范性文件与重大决策", "起草、送审、登记编号、公布备案；司法局合法性审核；到期评估提醒"),
        ("policies:queue", "惠企政策兑现", "联合审定、公示与异议、免申即享名单"),
    ],
    Role.DEPARTMENT_HEAD: [
        ("cases:department_queue", "部门办件", "本部门办件与超期预警"),
        ("cases:commitments_overdue", "告知承诺核查", "核查期限已过仍未核查的告知承诺"),
        ("catalog_desk:items", "事项管理", "起草、修订本部门事项，提交联合审核"),
        ("hotline:queue", "12345 工单", "本部门承办的工单：签收、答复、申请延期"),
        ("ratings:queue", "差评整改", "本部门差评：整改答复，误评可申诉复核"),
        ("metrics:dashboard", "本部门指标", "按时办结率、好评率与整改率，按事项对照目标"),
        ("supervision:plans", "双随机抽查与审管联动", "抽查计划、随机抽取与公开，审管联动接收处置反馈"),
        ("policies:queue", "惠企政策兑现", "联合审定、公示、拨付（预算内）与追回"),
        ("ledger:my_tasks", "工作台账", "本单位承担的改革任务：报送进展、上传佐证、到期提醒"),
        ("procedures:desk", "规范性文件与重大决策", "起草、送审、登记编号、公布备案；司法局合法性审核；到期评估提醒"),
        ("accounts:staff_list", "本部门人员", "查看人员、解除登录锁定"),
    ],
    Role.SUPERVISOR: [
        ("metrics:dashboard", "指标看板", "一窗受理、网上申办、按时办结等，按区划下钻"),
        ("hotline:queue", "12345 工单", "受理、派单、改派、督办、提级与回访；应急工单在前"),
        ("ratings:queue", "差评整改", "核实整改、回访"),
        ("ratings:appeals", "差评申诉复核", "复核部门对误评、恶意差评的申诉"),
        ("ledger:plans", "工作台账", "导入工作方案、校核发布、调度通报"),
        ("accounts:staff_list", "辖区人员", "查看人员、解除登录锁定"),
        ("audit:entries", "审计日志", "查看全部状态变更记录"),
        ("rules:list", "规则参数", "时限、比例等区定参数，按镇街、部门、事项设置"),
    ],
    Role.LEADER: [
        ("metrics:dashboard", "指标看板", "全区各项考核指标对照目标，按部门、区划、事项下钻"),
        ("ratings:rates", "好差评统计", "各部门好评率、差评整改情况"),
        ("hotline:stats", "12345 统计", "工单按时办结与回访满意情况"),
        ("ledger:plans", "工作台账", "改革任务进展与各单位按时完成排名"),
        ("procedures:desk", "规范性文件与重大决策", "集体审议、集体讨论决定（同意 / 原则同意 / 不同意）"),
    ],
    Role.INSPECTOR: [
        ("supervision:plans", "双随机抽查", "抽查计划与检查任务、审管联动事项"),
    ],
    Role.HELPER: [
        ("cases:helper_apply", "帮办代办", "代申请人提交申请"),
    ],
    Role.ADMIN: [
        ("accounts:staff_list", "人员管理", "全部工作人员"),
        ("catalog_desk:items", "事项管理", "全部事项与联合审核"),
        ("audit:entries", "审计日志", "哈希链审计记录"),
        ("calendar_admin:years", "工作日历", "节假日与调休数据"),
        ("rules:list", "规则参数", "时限、比例等区定参数及其依据"),
        ("admin:index", "系统配置", "Django 管理后台"),
    ],
}


def tasks_for(user) -> list[dict]:
    tasks = []
    for name, label, description in TASKS_BY_ROLE.get(user.role, []):
        try:
            url = reverse(name)
        except NoReverseMatch:
            url = None
        rule = rule_for(name)
        if url and rule is not None and not rule.admits(user):
            continue
        tasks.append({"url": url, "label": label, "description": description})
    return tasks

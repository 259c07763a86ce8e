"""manage.py load_demo_district — 加载演示区县（临沂市兰山区）并打印演示账号表."""

from __future__ import annotations

import unicodedata

from django.core.management.base import BaseCommand

from tongban.demo.district import DEMO_PASSWORD, DemoSummary, load_demo_district

HEADERS = ("角色", "用户名", "密码", "姓名", "部门/区划", "登录后首页")


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK (wide/fullwidth) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def format_table(rows: list[tuple[str, ...]]) -> str:
    """A plain-text table aligned for CJK text."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    rule = "-+-".join("-" * w for w in widths)
    lines = [" | ".join(pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    return "\n".join([lines[0], rule, *lines[1:]])


class Command(BaseCommand):
    help = "加载演示区县（兰山区）：区划、部门、三级政务服务场所与窗口、企业和各角色演示账号；可重复执行。"

    def handle(self, *args, **options) -> None:
        summary: DemoSummary = load_demo_district(stdout=self.stdout)
        from tongban.demo.procedures import load_procedures

        load_procedures()  # 规范性文件制定主体清单, 司法局 (合法性审核) and its reviewer sifa
        self.stdout.write(self.style.SUCCESS(
            f"演示区县加载完成：区划 {summary.regions} 个，部门 {summary.departments} 个，"
            f"服务场所 {summary.halls} 个，窗口 {summary.windows} 个，企业 {summary.enterprises} 家，"
            f"经办授权 {summary.agents} 条，演示账号 {summary.users} 个（本次新建 {summary.created} 条记录）。"
        ))
        rows = [HEADERS] + [
            (login.role_label, login.username, DEMO_PASSWORD, login.name, login.unit,
             login.home_url)
            for login in summary.logins
        ]
        self.stdout.write("")
        self.stdout.write("演示账号（所有账号密码相同，仅供开发与演示，请勿用于生产环境）：")
        self.stdout.write(format_table(rows))

"""manage.py verify_licence FILE --public-key KEYS.json [--status-list LIST.json] — offline check.

Needs no database: the licence file (downloaded from 我的证照), the issuer's public key set
(/licences/keys/<USCC>.json) and, for revocation, the issuer's signed status list
(/licences/status/<USCC>.json). Exit status 0 only for a valid licence.
"""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tongban.core.clock import local_date
from tongban.licences.statuslist import verify_offline


def _load(path: str, what: str) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"无法读取{what} {path}：{error}") from error
    if not isinstance(data, dict):
        raise CommandError(f"{what} {path} 格式不正确。")
    return data


class Command(BaseCommand):
    help = "离线核验电子证照文件：只用颁发机构公钥和（可选）已下载的签名状态列表。"
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--public-key", required=True, help="颁发机构公钥文件（JSON）")
        parser.add_argument("--status-list", help="颁发机构签名状态列表（JSON）")
        parser.add_argument("--today", help="核验日期 YYYY-MM-DD（默认今天）")

    def handle(self, *args, file: str, public_key: str, status_list: str | None, today: str | None, **options):
        try:
            on = date.fromisoformat(today) if today else local_date(timezone.now())
        except ValueError as error:
            raise CommandError("--today 应为 YYYY-MM-DD。") from error
        verdict = verify_offline(_load(file, "证照文件"), public_keys=_load(public_key, "公钥文件"),
                                 status_list=_load(status_list, "状态列表") if status_list else None, today=on)
        self.stdout.write(json.dumps({"valid": verdict.ok, "status": verdict.status, "message": verdict.message,
                                      "identifier": verdict.identifier}, ensure_ascii=False))
        if not verdict.ok:
            raise CommandError(verdict.message)

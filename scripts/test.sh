#!/usr/bin/env bash
# Command (2): install everything the tests need and run the whole suite on SQLite, then PostgreSQL.
# 运行全部测试：先 SQLite，后 PostgreSQL（默认 postgres://postgres@127.0.0.1:5432/test）。
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

ensure_system_packages chromium "${PDF_PACKAGES[@]}"
ensure_venv test

POSTGRES_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "==> 启动 PostgreSQL / starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

echo "==> 静态检查 / lint (ruff rules in pyproject.toml [tool.ruff.lint]; project rules run as tests/test_project_rules.py)"
.venv/bin/ruff check src tests bench
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null \
  || { echo "模型改动缺少迁移 / a model change has no migration"; exit 1; }

echo "==> 测试 SQLite / tests on SQLite"
env -u DATABASE_URL .venv/bin/python -m pytest "$@"
echo "==> 测试 PostgreSQL / tests on PostgreSQL ($POSTGRES_URL)"
DATABASE_URL="$POSTGRES_URL" .venv/bin/python -m pytest "$@"
echo "==> 全部通过 / all tests passed on SQLite and PostgreSQL"

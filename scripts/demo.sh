#!/usr/bin/env bash
# Command (1): install, migrate, load the demo district (兰山区) and serve it on SQLite.
# 一键体验：安装依赖、建库、加载兰山区演示数据，并在 http://127.0.0.1:8000 启动服务。
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_system_packages "${PDF_PACKAGES[@]}"
ensure_venv base
# DEBUG off: visitors see the real error pages, never Django's debug pages.
export DJANGO_SETTINGS_MODULE=tongban.settings.dev DEBUG=0
mkdir -p var
echo "==> 建库 / migrating the SQLite database (var/tongban.sqlite3)"
.venv/bin/python manage.py migrate --verbosity 0
.venv/bin/python manage.py load_demo_district >/dev/null
.venv/bin/python manage.py load_demo_catalog
.venv/bin/python manage.py generate_demo_data --cases 3000 --if-empty
# Loading the district again is idempotent; it ends the output with every role's login.
.venv/bin/python manage.py load_demo_district
cat <<'URLS'

  门户 Portal            http://127.0.0.1:8000/
  工作台 Workbench        http://127.0.0.1:8000/workbench/
  接口文档 API docs       http://127.0.0.1:8000/api/docs
  OpenAPI               http://127.0.0.1:8000/api/v1/openapi.json
  管理后台 Admin          http://127.0.0.1:8000/admin/

URLS
# The scheduler keeps the dashboards current (update_metrics every 5 minutes) and runs the daily jobs.
.venv/bin/python manage.py run_scheduler > var/scheduler.log 2>&1 &
scheduler=$!
trap 'kill "$scheduler" 2>/dev/null' EXIT
# granian, as in production: static files from var/static, a worker that dies is replaced.
.venv/bin/python manage.py serve --host 127.0.0.1 --port 8000 --workers 1 --threads 4

#!/usr/bin/env bash
# Command (1): install, migrate, load the demo district (兰山区) and serve it on SQLite.
# 一键体验：安装依赖、建库、加载兰山区演示数据，并在 http://127.0.0.1:8000 启动服务。
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_system_packages "${PDF_PACKAGES[@]}"
ensure_venv ""
export DJANGO_SETTINGS_MODULE=tongban.settings.dev
mkdir -p var
echo "==> 建库 / migrating the SQLite database (var/tongban.sqlite3)"
.venv/bin/python manage.py migrate --verbosity 0
.venv/bin/python manage.py load_demo_district >/dev/null
.venv/bin/python manage.py load_demo_catalog
.venv/bin/python manage.py generate_demo_data --cases 3000 --if-empty
.venv/bin/python manage.py update_metrics
# Loading the district again is idempotent; it ends the output with every role's login.
.venv/bin/python manage.py load_demo_district
cat <<'URLS'

  门户 Portal            http://127.0.0.1:8000/
  工作台 Workbench        http://127.0.0.1:8000/workbench/
  接口文档 API docs       http://127.0.0.1:8000/api/docs
  OpenAPI               http://127.0.0.1:8000/api/v1/openapi.json
  管理后台 Admin          http://127.0.0.1:8000/admin/

URLS
exec .venv/bin/python manage.py runserver 127.0.0.1:8000

# Shared set-up for scripts/demo.sh and scripts/test.sh: a local virtualenv with Tongban in it.
# Sourced, not run. Python 3.11 or 3.12 must be on PATH as python3.11/python3.12/python3.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

pick_python() {
  for candidate in python3.11 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 13))'; then
      echo "$candidate"; return
    fi
  done
  echo "需要 Python 3.11 或 3.12 / Python 3.11 or 3.12 is required" >&2
  exit 1
}

ensure_venv() {  # $1: lock file, "base" (the demo) or "test"
  if [ ! -x .venv/bin/python ]; then
    echo "==> 创建虚拟环境 / creating .venv"
    "$(pick_python)" -m venv .venv
  fi
  echo "==> 安装依赖 / installing Python packages (requirements/${1}.lock, hash-checked)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  # Exactly the versions the tests ran with, each checked against its recorded hash
  # (scripts/lock.sh regenerates the lock files after a pyproject.toml change).
  .venv/bin/python -m pip install --quiet --require-hashes -r "requirements/${1}.lock"
  .venv/bin/python -m pip install --quiet --no-deps -e .
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_system_packages() {  # $@: Debian packages; installed only when one is missing
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> 安装系统软件包 / installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Chinese fonts and pango for PDF guides and notices (weasyprint).
PDF_PACKAGES=(fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0)

#!/usr/bin/env bash
# Regenerate the hash-pinned lock files after changing dependencies in pyproject.toml.
# 修改 pyproject.toml 的依赖后，重新生成带哈希的锁定文件。
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TOOLS="${TMPDIR:-/tmp}/tongban-lock-tools"
[ -x "$TOOLS/bin/pip-compile" ] || { python3 -m venv "$TOOLS" && "$TOOLS/bin/pip" install --quiet pip-tools; }
compile() {  # $1: output file, then pip-compile options
  local output="$1"; shift
  "$TOOLS/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
    --no-emit-find-links "$@" -o "$output" pyproject.toml
}
compile requirements/base.lock
compile requirements/test.lock --extra test
echo "requirements/base.lock and requirements/test.lock regenerated"

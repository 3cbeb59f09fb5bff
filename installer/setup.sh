#!/usr/bin/env bash
# Set up hrss_disputes from a fresh clone and run it.
#
#   bash installer/setup.sh start [--db PATH]   install what is missing, then start the program
#   bash installer/setup.sh test  [pytest args] install what is missing, then run every test headless
#   bash installer/setup.sh install             only install
#
# System packages (Debian/Ubuntu) are installed with apt-get when run as root; otherwise the
# script names the missing ones and stops. Python packages go into .venv beside this folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mode="${1:-start}"
[ $# -gt 0 ] && shift

PY="${PYTHON:-python3}"
VENV="$here/.venv"

# Qt's offscreen and xcb platforms need these (measured on a bare Debian 12, toolchain.md §2–3).
APT_QT=(libglib2.0-0 libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0)
APT_XCB=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
         libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1)
APT_XVFB=(xvfb xauth)
# The test suite runs a second time on a throwaway PostgreSQL cluster (installer/pg_cluster.sh).
APT_PG=(postgresql)

say() { printf '%s\n' "$*" >&2; }

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || printf '%s\n' "$p"
  done
}

ensure_apt() {
  command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian: the user provides the libraries
  local need
  mapfile -t need < <(missing_packages "$@")
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    say "安装系统软件包 / installing system packages: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    say "缺少系统软件包 / missing system packages: ${need[*]}"
    say "请以管理员身份安装 / install them as root:  sudo apt-get install ${need[*]}"
    exit 1
  fi
}

ensure_python() {
  if ! command -v "$PY" >/dev/null 2>&1; then
    say "找不到 $PY。需要 Python 3.11 或更新版本 / Python 3.11+ is required."
    exit 1
  fi
  if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
    say "需要 Python 3.11 或更新版本，当前是 $("$PY" --version 2>&1)。"
    exit 1
  fi
  # Debian's python3 ships venv's pip bootstrap separately.
  if ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    local v; v="$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    ensure_apt "python${v}-venv"
  fi
}

ensure_venv() {
  local stamp="$VENV/.installed" want
  want="$(cat pyproject.toml | sha256sum | cut -d' ' -f1)"
  if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
  say "安装 Python 依赖 / installing Python packages into .venv …"
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
  "$VENV/bin/python" -m pip install -q -e ".[test]"
  printf '%s' "$want" > "$stamp"
}

compile_sources() {
  # Byte-compile the program once, so a start reads .pyc files even where the environment
  # says not to write them (PYTHONDONTWRITEBYTECODE).
  "$VENV/bin/python" -m compileall -q -j 0 hrss_disputes >/dev/null || true
}

free_port() {
  "$VENV/bin/python" - <<'PY'
import socket
for port in range(54329, 54429):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
PY
}

summary_line() {  # pytest's last line: "1873 passed, 1 skipped in …"
  grep -E '^(=+ )?[0-9]+ (passed|failed|error)' "$1" | tail -1 | sed -E 's/^=+ //; s/ =+$//' || true
}

run_both_backends() {
  # Every test on SQLite; then, on a throwaway PostgreSQL cluster, every test that uses a
  # database (conftest.py's PostgreSQL pass). The two passes run at once, one per core.
  local port url rc_sqlite=0 rc_pg=0
  # global, not local: the EXIT trap runs after this function has returned
  TEST_LOGS="$(mktemp -d)"
  PG_DIR="$(mktemp -d /tmp/hrss-pg.XXXXXX)"
  trap 'bash "$here/installer/pg_cluster.sh" stop "$PG_DIR"; rm -rf "$TEST_LOGS"' EXIT
  local logs="$TEST_LOGS" pg_dir="$PG_DIR"
  port="$(free_port)"
  url="$(bash "$here/installer/pg_cluster.sh" start "$pg_dir" "$port")"
  say "PostgreSQL 测试服务器 / test server: 127.0.0.1:$port"
  "$VENV/bin/python" -m pytest -p no:cacheprovider "$@" > "$logs/sqlite.log" 2>&1 &
  local sqlite_pid=$!
  HRSS_TEST_PG="$url" "$VENV/bin/python" -m pytest -p no:cacheprovider "$@" > "$logs/pg.log" 2>&1 || rc_pg=$?
  wait "$sqlite_pid" || rc_sqlite=$?
  printf '\n===== SQLite =====\n'; cat "$logs/sqlite.log"
  printf '\n===== PostgreSQL =====\n'; cat "$logs/pg.log"
  printf '\n测试结果 / results\n  SQLite:     %s\n  PostgreSQL: %s\n' \
    "$(summary_line "$logs/sqlite.log")" "$(summary_line "$logs/pg.log")"
  [ "$rc_pg" -eq 5 ] && rc_pg=0  # the tests asked for use no database: nothing to run on the server
  [ "$rc_sqlite" -eq 0 ] && [ "$rc_pg" -eq 0 ]
}

has_display() {
  [ -n "${QT_QPA_PLATFORM:-}" ] || [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]
}

case "$mode" in
  start)
    ensure_python
    if has_display; then ensure_apt "${APT_QT[@]}" "${APT_XCB[@]}"
    else ensure_apt "${APT_QT[@]}" "${APT_XCB[@]}" "${APT_XVFB[@]}"; fi
    ensure_venv
    compile_sources
    exec "$VENV/bin/hrss-disputes" "$@"
    ;;
  test)
    ensure_python
    ensure_apt "${APT_QT[@]}" "${APT_PG[@]}"
    ensure_venv
    export QT_QPA_PLATFORM=offscreen
    "$VENV/bin/ruff" check hrss_disputes tests bench
    run_both_backends "$@"
    ;;
  install)
    ensure_python
    ensure_apt "${APT_QT[@]}" "${APT_XCB[@]}"
    ensure_venv
    ;;
  *)
    say "用法 / usage: bash installer/setup.sh start|test|install [args]"
    exit 2
    ;;
esac

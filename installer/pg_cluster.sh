#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the test suite (and for trying the server
# set-up by hand). Debian's postgresql package; the data directory lives in DIR and goes
# away with `stop`.
#
#   bash installer/pg_cluster.sh start DIR [PORT]   print the superuser's URL on stdout
#   bash installer/pg_cluster.sh stop DIR           stop the server and delete DIR
#
# initdb refuses to run as root (toolchain.md §6): as root the server runs as `postgres`.
# Password authentication (scram) on TCP, so wrong-password messages can be tested.
set -euo pipefail

mode="${1:?start|stop}"
dir="${2:?data folder}"
port="${3:-54329}"
user=hrss_super
password=hrss-test-only

bindir() {
  local b
  for b in /usr/lib/postgresql/*/bin; do [ -x "$b/initdb" ] && { printf '%s' "$b"; return 0; }; done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$mode" in
  start)
    B="$(bindir)" || { echo "PostgreSQL 未安装（apt-get install postgresql）" >&2; exit 1; }
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    printf '%s\n' "$password" > "$dir/pw"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pw"
    as_owner "$B/initdb" -D "$dir/data" -U "$user" --pwfile="$dir/pw" --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    # fsync off: a test cluster is thrown away, and the suite creates a database per test
    as_owner "$B/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-c listen_addresses=127.0.0.1 \
      -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
      -c max_connections=200" start >/dev/null
    printf 'postgresql+psycopg://%s:%s@127.0.0.1:%s/postgres\n' "$user" "$password" "$port"
    ;;
  stop)
    B="$(bindir)" || exit 0
    if [ -d "$dir/data" ]; then as_owner "$B/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg_cluster.sh start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac

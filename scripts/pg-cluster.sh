#!/usr/bin/env bash
# A private PostgreSQL cluster on loopback for the tests and benches: `start DIR PORT` creates it
# (initdb, C locale, UTF-8) in DIR and starts it; `stop DIR` stops it. Run as root, the server
# runs as the `postgres` user; otherwise as the caller. Prints the admin URL on start.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?directory}; port=${3:-55432}
bin=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && bin="$d"; done
[ -n "$bin" ] || bin="$(dirname "$(command -v pg_ctl)")"
as() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
case "$cmd" in
  start)
    mkdir -p "$dir"; [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as "'$bin/initdb' -D '$dir/data' -U postgres --auth=trust --encoding=UTF8 --locale=C >'$dir/initdb.log'"
    fi
    as "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c shared_buffers=256MB\" start >/dev/null"
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as "'$bin/pg_ctl' -D '$dir/data' -m fast stop" >/dev/null || true
    ;;
  *) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac

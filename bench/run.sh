#!/usr/bin/env bash
# Run the consultation benchmark on a new SQLite file and on a throwaway PostgreSQL server with
# durable settings (fsync=on, synchronous_commit=on, the defaults), both on disk under
# $BENCH_DIR (default /var/tmp); the server is stopped and everything removed at the end.
# Extra arguments go to the benchmark, e.g. `bash bench/run.sh --votes 20000 --participants 5000`.
# `bash bench/run.sh core [ARGS]` runs only the core vote benchmark (bench/core_votes.py) and
# `bash bench/run.sh consultation [ARGS]` only bench/consultation.py; with neither, both run
# (each on its own new SQLite file, both on the same PostgreSQL server), with their defaults.
# BENCH_PYTHON names the interpreter that has townhall installed (default .venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."

python="${BENCH_PYTHON:-.venv/bin/python}"
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$pgbin" ] || { echo "PostgreSQL binaries not found (initdb, pg_ctl)" >&2; exit 1; }

workdir="$(mktemp -d "${BENCH_DIR:-/var/tmp}/townhall-bench.XXXXXX")"
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$workdir"
pgport="$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
stop_pg() {
  as_pg "$pgbin/pg_ctl" -D "$workdir/pgdata" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap stop_pg EXIT

as_pg "$pgbin/initdb" -D "$workdir/pgdata" -A trust -U postgres >/dev/null
as_pg "$pgbin/pg_ctl" -D "$workdir/pgdata" -l "$workdir/pg.log" -w \
  -o "-p $pgport -k $workdir -c listen_addresses=127.0.0.1" start >/dev/null

which=both
case "${1:-}" in core|consultation) which="$1"; shift ;; esac
postgres="postgresql+asyncpg://postgres@127.0.0.1:$pgport/postgres"
if [ "$which" != core ]; then
  "$python" -m bench.consultation --sqlite "$workdir/townhall.db" --postgres "$postgres" "$@"
fi
if [ "$which" != consultation ]; then
  [ "$which" = both ] && set --
  "$python" -m bench.core_votes --sqlite "$workdir/core.db" --postgres "$postgres" "$@"
fi

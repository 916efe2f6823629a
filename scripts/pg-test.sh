#!/usr/bin/env bash
# Starts and stops the PostgreSQL server the store tests use: a cluster of its own,
# initdb'd into a fresh temporary directory as an unprivileged user, listening only on
# 127.0.0.1 at a free port (and on a Unix socket in that directory), trusting local
# connections as user "cs". It stops by itself after CS_PG_LIFETIME seconds (default 2
# hours) even if nobody calls stop, and `stop` removes the cluster. fsync is off (the
# tests' data is thrown away) unless CS_PG_FSYNC=on, as the benchmarks ask.
#
#   scripts/pg-test.sh start STATE   writes STATE/uri (postgresql://cs@127.0.0.1:PORT) and STATE/dir
#   scripts/pg-test.sh stop STATE
set -euo pipefail
cmd=${1:-}; state=${2:-}
[ -n "$cmd" ] && [ -n "$state" ] || { echo "usage: $0 start|stop STATE" >&2; exit 2; }
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "pg-test: no PostgreSQL server (scripts/install-deps.sh installs it)" >&2; exit 1; }

# The unprivileged user the cluster runs as: initdb refuses root.
as_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

stop() {
  [ -f "$state/dir" ] || return 0
  local dir; dir=$(cat "$state/dir")
  [ -d "$dir/data" ] && as_user "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  [ -f "$state/watchdog" ] && kill -- "-$(cat "$state/watchdog")" 2>/dev/null || true
  rm -rf "$dir" "$state/dir" "$state/uri" "$state/watchdog"
}

case "$cmd" in
  start)
    stop
    mkdir -p "$state"
    dir=$(mktemp -d /tmp/clockspeed-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown nobody "$dir"
    echo "$dir" > "$state/dir"
    as_user "$bindir/initdb" -D "$dir/data" -U cs --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_user "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=${CS_PG_FSYNC:-off} -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://cs@127.0.0.1:$port" > "$state/uri"
    # The watchdog: the server stops by itself even if the tests are killed.
    lifetime=${CS_PG_LIFETIME:-7200}
    setsid bash -c "$(declare -f as_user); sleep $lifetime; [ -d '$dir/data' ] && as_user '$bindir/pg_ctl' -D '$dir/data' -m immediate stop" \
      </dev/null >/dev/null 2>&1 &
    echo $! > "$state/watchdog"
    echo "pg-test: PostgreSQL on 127.0.0.1:$port, cluster in $dir"
    ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop STATE" >&2; exit 2 ;;
esac

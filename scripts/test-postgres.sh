#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests.
#
#   scripts/test-postgres.sh ensure   -> installs PostgreSQL with apt if initdb is missing, starts (or reuses)
#                                        a cluster on 127.0.0.1:${OVERSIGHT_PG_PORT:-55432} and prints ONE line:
#                                        the Npgsql connection string.
#   scripts/test-postgres.sh stop     -> stops the cluster and removes its directory.
#
# The cluster lives in /tmp/oversight-pg-<port> (owned by user postgres when run as root, because
# PostgreSQL refuses to run as root), listens only on 127.0.0.1, trusts loopback connections and runs
# with fsync=off (test data is throwaway; set OVERSIGHT_PG_FSYNC=on to measure realistic commit latency).
# Idempotent and safe to call concurrently (flock). Everything except the connection string goes to stderr.
set -euo pipefail

PORT="${OVERSIGHT_PG_PORT:-55432}"
BASE="${OVERSIGHT_PG_DIR:-/tmp/oversight-pg-$PORT}"
DATA="$BASE/data"
LOG="$BASE/postgres.log"
LOCK="/tmp/oversight-pg-$PORT.lock"
FSYNC="${OVERSIGHT_PG_FSYNC:-off}"
CONN="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"

log() { echo "test-postgres: $*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
    else log "need root (or sudo) to run: $*"; return 1
    fi
}

find_bindir() {
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
    if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return 0; fi
    return 1
}

install_postgres() {
    log "initdb not found; installing PostgreSQL with apt"
    export DEBIAN_FRONTEND=noninteractive
    if ! as_root apt-get install -y -q postgresql >&2; then
        as_root apt-get update -q >&2
        as_root apt-get install -y -q postgresql >&2
    fi
}

# Runs a command as the cluster owner: user postgres when we are root, ourselves otherwise.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

is_ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U postgres >/dev/null 2>&1; }

ensure() {
    if ! BIN="$(find_bindir)"; then
        install_postgres
        BIN="$(find_bindir)" || { log "PostgreSQL installed but initdb still not found"; exit 1; }
    fi

    if [ -f "$DATA/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1 && is_ready; then
        echo "$CONN"
        return 0
    fi

    if is_ready; then
        log "port $PORT already has a PostgreSQL that is not ours ($DATA); set OVERSIGHT_PG_PORT to another port"
        exit 1
    fi

    # Stale or missing cluster: start over.
    if [ -f "$DATA/postmaster.pid" ]; then
        as_owner "$BIN/pg_ctl" -D "$DATA" stop -m immediate >/dev/null 2>&1 || true
    fi
    rm -rf "$BASE"
    mkdir -p "$BASE"
    chmod 700 "$BASE"
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || { log "user postgres does not exist"; exit 1; }
        chown postgres:postgres "$BASE"
    fi

    as_owner "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$BASE/initdb.log" 2>&1 \
        || as_owner "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$BASE/initdb.log" 2>&1 \
        || { log "initdb failed:"; cat "$BASE/initdb.log" >&2; exit 1; }

    cat >>"$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$BASE'
fsync = $FSYNC
full_page_writes = $FSYNC
max_connections = 300
shared_buffers = 128MB
log_min_messages = warning
CONF
    cat >"$DATA/pg_hba.conf" <<HBA
local   all all               trust
host    all all 127.0.0.1/32  trust
HBA
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$DATA/postgresql.conf" "$DATA/pg_hba.conf"; fi

    # 9>&- : the postmaster must not inherit the flock descriptor (it would hold the lock forever).
    if ! as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null 2>&1 9>&-; then
        log "PostgreSQL failed to start:"; cat "$LOG" >&2 || true; exit 1
    fi
    for _ in $(seq 1 50); do is_ready && break; sleep 0.2; done
    is_ready || { log "PostgreSQL did not become ready"; exit 1; }
    echo "$CONN"
}

stop() {
    if BIN="$(find_bindir)" && [ -f "$DATA/postmaster.pid" ]; then
        as_owner "$BIN/pg_ctl" -D "$DATA" stop -m fast -w >/dev/null 2>&1 || true
    fi
    rm -rf "$BASE"
}

cmd="${1:-ensure}"
exec 9>"$LOCK"
flock 9
case "$cmd" in
    ensure) ensure ;;
    stop) stop ;;
    *) log "usage: $0 ensure|stop"; exit 2 ;;
esac

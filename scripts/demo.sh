#!/usr/bin/env bash
# Run the demo: migrate, load demo data, start the task worker, serve on
# http://127.0.0.1:8000. Normally via `make demo`, which installs first.
#
# DEMO ONLY: DEBUG=1 lets runserver serve the static files and SECURE_COOKIES=0
# lets the browser keep the session cookie over plain http on localhost.
# Never run a real installation like this (see docs/operations.md).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
export DEBUG=1 SECURE_COOKIES=0
export AKTENBUND_DATA_DIR=${AKTENBUND_DATA_DIR:-$PWD/data}
mkdir -p "$AKTENBUND_DATA_DIR"

"$PY" manage.py migrate --noinput
# Idempotent: creates the demo Verbund, Kommunen and users once, prints the logins.
"$PY" manage.py load_demo

# The worker runs queued tasks (OCR, indexing, ...). Worker and server both
# run in the background, and this shell waits for them: a shell waiting in
# `wait` handles Ctrl-C and `kill` at once (it would not while a foreground
# command runs), and background jobs of a script ignore Ctrl-C, so the EXIT
# trap stops both explicitly. Whichever stops first takes the other along.
# --noreload: the autoreloader's extra process would outlive a SIGTERM.
"$PY" manage.py db_worker --queue-name '*' --no-reload &
worker=$!
"$PY" manage.py runserver --noreload 127.0.0.1:8000 &
server=$!

stop_all() {
    kill "$server" "$worker" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM   # leads to the EXIT trap

echo
echo "==> Aktenbund demo on http://127.0.0.1:8000/ (Ctrl-C stops server and worker)"
wait -n "$server" "$worker"

#!/usr/bin/env bash
# `make api-fuzz` (issue 14): schemathesis against /api/v1/openapi.json of a running server.
#
# A throwaway database (a SQLite file in a temporary directory; DATABASE_URL: an existing, empty
# database, e.g. PostgreSQL, that the caller creates and drops) is migrated and filled with the
# demo data; gunicorn serves it on 127.0.0.1:$API_FUZZ_PORT with the production settings, as it
# runs behind the TLS proxy; schemathesis sends generated requests to every operation, with a
# personal API key of the demo account (so the writes and /me are fuzzed beyond their 401) and
# every check except one (below). The server is always stopped afterwards. Fails on any failed
# check and on any 5xx or 429 in the server's own access log.
#
# Settings: config.settings.production, as deployed — DEBUG off, HTTPS redirect, HSTS, secure
# `__Host-` cookies, the TLS proxy's headers trusted, uploads left to the proxy — with throwaway
# values for what it reads from the environment (SECRET_KEY, SITE_URL, ALLOWED_HOSTS=127.0.0.1).
# Like the proxy, every request carries X-Forwarded-Proto: https and X-Forwarded-For, so nothing
# of production is switched off for the run. (The dev settings of `make run` would have needed
# no SECRET_KEY and SITE_URL, but differ from production in exactly those places.) Raised: the
# per-key rate limits (API_TOKEN_RATE_LIMIT, API_TOKEN_WRITE_RATE_LIMIT), which would answer
# the fuzzer's key 429 after 100 writes, and the open event proposals per account
# (EVENT_PROPOSALS_OPEN_MAX, 5), which would turn every proposal after the fifth into a 422.
# Both are documented answers and would pass every check in place of the answer they hide; the
# run also fails if any request was answered 429.
#
# Environment: API_FUZZ_PORT (8765), API_FUZZ_EXAMPLES (100: generated cases per operation in the
# fuzzing phase; an operation without parameters has fewer distinct ones), API_FUZZ_SEED (other
# cases than the deterministic default), API_FUZZ_WORKERS (schemathesis' concurrent workers, 1:
# with more, hypothesis' threads hit CPython 3.11's "AST constructor recursion depth mismatch",
# python/cpython#106905), API_FUZZ_REPORT_DIR (var/api-fuzz: JUnit and NDJSON reports, the
# server's log), DATABASE_URL (see above), WEB_CONCURRENCY (gunicorn workers, 2).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${API_FUZZ_PORT:-8765}"
EXAMPLES="${API_FUZZ_EXAMPLES:-100}"
WORKERS="${API_FUZZ_WORKERS:-1}"
REPORT_DIR="${API_FUZZ_REPORT_DIR:-var/api-fuzz}"
# The same cases on every run (the generation's deterministic mode), or with API_FUZZ_SEED other
# ones, reproducibly: to explore further than CI does.
if [[ -n ${API_FUZZ_SEED:-} ]]; then
  generation=(--seed "$API_FUZZ_SEED")
else
  generation=(--generation-deterministic)
fi
PY=.venv/bin/python
BASE="http://127.0.0.1:${PORT}"

work="$(mktemp -d "${TMPDIR:-/tmp}/quartiersnetz-api-fuzz.XXXXXX")"
server_pid="" fuzzer_pid=""
cleanup() {
  local status=$? pid
  for pid in $fuzzer_pid $server_pid; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$REPORT_DIR"
rm -f "$REPORT_DIR/junit.xml" "$REPORT_DIR/events.ndjson" "$REPORT_DIR/server.log"

export DJANGO_SETTINGS_MODULE=config.settings.production
SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
export SITE_URL="https://127.0.0.1:${PORT}" ALLOWED_HOSTS=127.0.0.1
export VAR_DIR="$work"  # uploads, static files, the open-data dump: all thrown away
export DATABASE_URL="${DATABASE_URL:-sqlite:///${work}/api-fuzz.sqlite3}"
export API_TOKEN_RATE_LIMIT=1000000/h API_TOKEN_WRITE_RATE_LIMIT=1000000/h
export EVENT_PROPOSALS_OPEN_MAX=1000000
# Two workers (gunicorn.py would start up to four): each builds its own search index at start,
# and the fuzzer sends one request at a time.
export WEB_CONCURRENCY="${WEB_CONCURRENCY:-2}" FORWARDED_ALLOW_IPS=127.0.0.1

if (exec 3<>"/dev/tcp/127.0.0.1/${PORT}") 2>/dev/null; then
  echo "api-fuzz: port ${PORT} is in use; set API_FUZZ_PORT" >&2
  exit 1
fi

echo "== api-fuzz: throwaway database (${DATABASE_URL%%://*}): migrate, demo data"
"$PY" - <<'EOF'
import django
from django.db import connection

django.setup()
tables = connection.introspection.table_names()
if tables:
    raise SystemExit(
        f"api-fuzz: the database already has {len(tables)} tables; it needs an empty, "
        "throwaway one (DATABASE_URL), since the fuzzer writes into it"
    )
EOF
# The system checks once (without REDIS_URL they warn that the rate-limit counters are kept in
# the database table, django_ratelimit.W001: what this run wants), then not again per command.
"$PY" manage.py check
"$PY" manage.py migrate --noinput -v0 --skip-checks
"$PY" manage.py demo_data --skip-checks >/dev/null
"$PY" manage.py collectstatic --noinput -v0 --skip-checks
# A personal API key with the write scope for the demo account: the fuzzer sends it with every
# request (the public operations ignore it; `ignored_auth` checks the refusal without it).
token="$("$PY" manage.py shell -v0 -c '
from quartiersnetz.accounts.models import User
from quartiersnetz.api.services import api_token_create
from quartiersnetz.demo.actors import DEMO_EMAIL
_, raw = api_token_create(
    user=User.objects.get(email=DEMO_EMAIL), name="api-fuzz", scope="write", days=30
)
print(raw)
')"

echo "== api-fuzz: gunicorn on ${BASE} (config.settings.production)"
HOST=127.0.0.1 PORT="$PORT" .venv/bin/gunicorn config.wsgi:application -c config/gunicorn.py \
  >"$REPORT_DIR/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  if curl -fs -o /dev/null "${BASE}/healthz"; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "api-fuzz: the server did not start:" >&2
    cat "$REPORT_DIR/server.log" >&2
    exit 1
  fi
  sleep 0.5
done
curl -fsS -o /dev/null "${BASE}/healthz"

# Values that exist (record keys, vocabulary codes, AGS, the key's own profiles), bound to the
# parameters that take them, so that details, filters and writes get past 404/400/422.
API_FUZZ_TOKEN="$token" "$PY" scripts/api_fuzz_dictionaries.py "$BASE" "$work/schemathesis.toml"

echo "== api-fuzz: schemathesis, ${EXAMPLES} examples per operation"
# Every check but "schema-valid data is accepted" (positive_data_acceptance), as in
# quartiersnetz/api/tests/test_schemathesis.py: a vocabulary code is documented by its form only
# (the codes are data: /api/v1/taxonomy), and a cursor only its own API made is valid — those
# are answered 400 by design (and documented as such).
status=0
.venv/bin/schemathesis --no-color --config-file "$work/schemathesis.toml" \
  run "${BASE}/api/v1/openapi.json" \
  --checks all --exclude-checks positive_data_acceptance \
  --max-examples "$EXAMPLES" "${generation[@]}" \
  --workers "$WORKERS" --request-timeout 30 \
  --header "Authorization: Bearer ${token}" \
  --header "X-Forwarded-Proto: https" --header "X-Forwarded-For: 127.0.0.1" \
  --report junit,ndjson --report-junit-path "$REPORT_DIR/junit.xml" \
  --report-ndjson-path "$REPORT_DIR/events.ndjson" &
# In the background, so that a signal to this script (Ctrl-C, a CI timeout) stops both at once.
fuzzer_pid=$!
wait "$fuzzer_pid" || status=$?
fuzzer_pid=""

echo "== api-fuzz: test cases per operation and phase, and the answers' status codes"
"$PY" scripts/api_fuzz_summary.py "$REPORT_DIR/events.ndjson" || status=1

# The server's view: its access log (status after the quoted request line) and its errors.
server_errors="$(grep -cE '" 5[0-9]{2} ' "$REPORT_DIR/server.log" || true)"
throttled="$(grep -cE '" 429 ' "$REPORT_DIR/server.log" || true)"
requests="$(grep -cE ' HTTP/[0-9.]+" [0-9]{3} ' "$REPORT_DIR/server.log" || true)"
echo "== api-fuzz: the server answered ${requests} requests: ${server_errors} with 5xx, ${throttled} with 429"
if ((server_errors || throttled)); then
  grep -E '" (5[0-9]{2}|429) ' "$REPORT_DIR/server.log" | head -20 >&2
  status=1
fi
if grep -q Traceback "$REPORT_DIR/server.log"; then
  echo "api-fuzz: the server logged an exception (${REPORT_DIR}/server.log)" >&2
  status=1
fi
exit "$status"

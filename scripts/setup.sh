# Sourced by run.sh and test.sh: the virtualenv with the locked dependencies, and a MySQL server.
# shellcheck shell=bash

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# requirements.lock serves; requirements-dev.lock (the same pins, plus the tools that test, lint
# and type-check) is what test.sh installs.
ensure_venv() {
  local lock=${1:-requirements.lock}
  local venv=$project/.venv
  local stamp=$venv/.installed-$lock
  if [ ! -x "$venv/bin/python" ]; then
    echo "setup: creating .venv" >&2
    python3 -m venv "$venv"
  fi
  if ! cmp -s "$project/$lock" "$stamp"; then
    echo "setup: installing the locked dependencies ($lock)" >&2
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --require-hashes \
      -r "$project/$lock"
    cp "$project/$lock" "$stamp"
  fi
  export PATH=$venv/bin:$PATH
}

# MYSQL_HOST set: that server is used as it is. Otherwise the project's own MariaDB.
ensure_mysql() {
  if [ -z "${MYSQL_HOST:-}" ]; then
    local variables
    variables=$("$project/scripts/mariadb.sh" start)
    eval "$variables"
  fi
}

# EDGEDB_DSN (or the driver's EDGEDB_INSTANCE / EDGEDB_HOST ...) set: that server is used as it
# is. Otherwise the project's own server if an edgedb-server is on PATH; otherwise none, and the
# EdgeDB routes answer 503.
edgedb_configured() {
  [ -n "${EDGEDB_DSN:-}${EDGEDB_INSTANCE:-}${EDGEDB_HOST:-}${EDGEDB_PORT:-}${EDGEDB_CREDENTIALS_FILE:-}" ]
}

ensure_edgedb() {
  if ! edgedb_configured; then
    local variables
    variables=$("$project/scripts/edgedb.sh" start)
    eval "$variables"
  fi
}

# TEST_REDIS_URL set: that Redis is used by the tests of shared rate limits. Otherwise the
# project's own; when it cannot start, those tests are skipped and this says why in one line.
ensure_test_redis() {
  if [ -z "${TEST_REDIS_URL:-}" ]; then
    local variables
    mkdir -p "$project/.local"
    if variables=$("$project/scripts/redis.sh" start 2>"$project/.local/redis-start.log"); then
      eval "$variables"
    else
      echo "setup: no Redis ($(tail -1 "$project/.local/redis-start.log")): the shared rate limit tests are skipped" >&2
    fi
  fi
}

# Everything run.sh and test.sh need; the argument names the lock file.
# Webhook secrets are worked out from WEBHOOK_SIGNING_KEY (app/webhooks/secrets.py): unless the
# environment gives one, a key made once and kept in .local/, shared by every process started here.
ensure_webhook_key() {
  if [ -z "${WEBHOOK_SIGNING_KEY:-}" ]; then
    local file="$project/.local/webhook-signing-key"
    if [ ! -s "$file" ]; then
      mkdir -p "$project/.local"
      (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(32))' >"$file")
    fi
    WEBHOOK_SIGNING_KEY=$(cat "$file")
    export WEBHOOK_SIGNING_KEY
  fi
}

prepare() {
  ensure_venv "$@"
  ensure_mysql
  ensure_edgedb
  ensure_webhook_key
}

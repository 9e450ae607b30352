#!/usr/bin/env bash
# Serve the API on http://127.0.0.1:8000 (Swagger UI at /docs). First run: creates .venv with the
# locked dependencies and, unless MYSQL_HOST is set, installs and starts the project's own MariaDB;
# an EdgeDB server too when EDGEDB_DSN is unset and an edgedb-server is on PATH.
# HOST and PORT change where it listens; TRUSTED_PROXIES (comma-separated addresses, default
# 127.0.0.1) names the reverse proxies whose X-Forwarded-For tells the client's address, which
# the rate limits count by; any other arguments go to uvicorn.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
prepare
python -m app.backends.mysql.migrate
if edgedb_configured; then python -m app.backends.edgedb.migrations apply; fi
exec uvicorn asgi:app --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}" \
  --forwarded-allow-ips "${TRUSTED_PROXIES:-127.0.0.1}" "$@"

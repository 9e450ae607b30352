#!/usr/bin/env bash
# The whole check, as CI runs it: lint, format, strict types, then the tests on real databases.
# Stops at the first failing step. Arguments go to pytest (e.g. ./test.sh -k participants).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
prepare requirements-dev.lock
ensure_test_redis

echo "== ruff"
ruff check .
ruff format --check .
echo "== mypy (strict)"
dmypy run -- .
echo "== pytest"
pytest "$@"

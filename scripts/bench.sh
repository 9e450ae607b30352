#!/usr/bin/env bash
# The benchmark (README, "Performance"): the API and the floor on each backend, one table.
# Arguments go to bench/run.py (--quick, --backends mysql, --only figures|soak|big|times|limits,
# --soak-minutes N, --out FILE, --harness PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
prepare requirements-dev.lock  # the soak's client is httpx
if ! command -v wrk >/dev/null; then
  echo "bench: installing wrk with apt-get (once)" >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi
ensure_test_redis  # the rate limits counted in Redis
exec python -m bench.run "$@"

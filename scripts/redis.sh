#!/usr/bin/env bash
# The project's own Redis, for the tests of rate limits shared by several processes: data in
# .local/redis (none kept on disk), listening on 127.0.0.1 only, on a port of its own (6390, or
# the next free one), so it never clashes with a system server.
#
#   scripts/redis.sh start    install redis-server if missing, start (or reuse), and print the
#                             TEST_REDIS_URL that points at it
#   scripts/redis.sh stop     shut it down
#   scripts/redis.sh status
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=$root/.local/redis
pidfile=$dir/redis.pid
export PATH=$PATH:/usr/sbin:/sbin

say() { echo "redis: $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to install Redis: run 'apt-get install redis-server' as root"; exit 1
  fi
}

install_server() {
  command -v redis-server >/dev/null && return
  say "installing redis-server with apt-get (once)"
  as_root apt-get update -qq
  # The package's own service is left alone: this project runs a server of its own.
  as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 \
    apt-get install -y -qq -o DPkg::Lock::Timeout=600 redis-server >/dev/null
}

running() {
  [ -f "$pidfile" ] && [ -f "$dir/port" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null &&
    [ "$(redis-cli -h 127.0.0.1 -p "$(cat "$dir/port")" ping 2>/dev/null)" = PONG ]
}

free_port() {
  local port=6390
  while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

start() {
  install_server
  mkdir -p "$dir"
  if ! running; then
    free_port >"$dir/port"
    say "starting on 127.0.0.1:$(cat "$dir/port")"
    # Counts of rate limits only: nothing is written to disk.
    redis-server --bind 127.0.0.1 --port "$(cat "$dir/port")" --daemonize yes \
      --pidfile "$pidfile" --logfile "$dir/redis.log" --dir "$dir" \
      --save "" --appendonly no >/dev/null
    for _ in $(seq 1 40); do running && break; sleep 0.25; done
    running || { say "did not start; see $dir/redis.log"; tail -20 "$dir/redis.log" >&2; exit 1; }
  fi
  echo "export TEST_REDIS_URL=redis://127.0.0.1:$(cat "$dir/port")/0"
}

stop() {
  if running; then
    redis-cli -h 127.0.0.1 -p "$(cat "$dir/port")" shutdown nosave >/dev/null 2>&1 || true
    say "stopped"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then say "running on 127.0.0.1:$(cat "$dir/port")"; else say "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# The project's own MariaDB server: data in .local/mariadb, listening on 127.0.0.1 only, on a
# port of its own (3407, or the next free one), so it never clashes with a system server.
#
#   scripts/mariadb.sh start    install MariaDB if missing, initialise, start (or reuse), and
#                               print the MYSQL_* variables that point at it
#   scripts/mariadb.sh stop     shut it down (the data stays)
#   scripts/mariadb.sh status
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=$root/.local/mariadb
data=$dir/data
pidfile=$dir/mariadbd.pid
user=$(id -un)
sock=$dir/mariadbd.sock
# A unix socket path must fit in 107 bytes.
if [ ${#sock} -gt 100 ]; then sock=/tmp/meetifyr-mariadb-$(printf %s "$root" | cksum | cut -d' ' -f1).sock; fi
export PATH=$PATH:/usr/sbin:/sbin
# The client tools read these too, and would go to another server than the socket named here.
unset MYSQL_HOST MYSQL_TCP_PORT MYSQL_UNIX_PORT MYSQL_PWD

say() { echo "mariadb: $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to install MariaDB: run 'apt-get install mariadb-server' as root"; exit 1
  fi
}

install_server() {
  command -v mariadbd >/dev/null && return
  say "installing mariadb-server with apt-get (once)"
  as_root apt-get update -qq
  # The package's own service is left alone: this project runs a server of its own.
  as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 \
    apt-get install -y -qq -o DPkg::Lock::Timeout=600 mariadb-server mariadb-client >/dev/null
}

running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null &&
    mariadb-admin --no-defaults --socket="$sock" -u"$user" ping >/dev/null 2>&1
}

free_port() {
  local port=3407
  while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

start() {
  install_server
  mkdir -p "$dir"
  if [ ! -d "$data/mysql" ]; then
    say "initialising $data"
    rm -rf "$data"
    mariadb-install-db --no-defaults --datadir="$data" --user="$user" \
      --auth-root-authentication-method=socket --skip-test-db --skip-name-resolve --force \
      >"$dir/install.log" 2>&1 ||
      { cat "$dir/install.log" >&2; exit 1; }
  fi
  if ! running; then
    [ -f "$dir/port" ] && ! (echo >"/dev/tcp/127.0.0.1/$(cat "$dir/port")") 2>/dev/null ||
      free_port >"$dir/port"
    say "starting on 127.0.0.1:$(cat "$dir/port")"
    # No DNS lookups (a fresh machine may have no resolvable host name), and durability is
    # relaxed (the log is flushed once a second): this server is for development.
    setsid mariadbd --no-defaults --datadir="$data" --user="$user" \
      --bind-address=127.0.0.1 --port="$(cat "$dir/port")" --socket="$sock" --skip-name-resolve \
      --pid-file="$pidfile" --log-error="$dir/error.log" \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=2 \
      --max-connections=500 </dev/null >/dev/null 2>&1 &
    for _ in $(seq 1 120); do running && break; sleep 0.5; done
    running || { say "did not start; see $dir/error.log"; tail -20 "$dir/error.log" >&2; exit 1; }
    mariadb --no-defaults --socket="$sock" -u"$user" -e "
      CREATE USER IF NOT EXISTS 'meetifyr'@'127.0.0.1' IDENTIFIED BY 'meetifyr';
      GRANT ALL PRIVILEGES ON *.* TO 'meetifyr'@'127.0.0.1';"
  fi
  echo "export MYSQL_HOST=127.0.0.1 MYSQL_PORT=$(cat "$dir/port")" \
    "MYSQL_USER=meetifyr MYSQL_PASSWORD=meetifyr MYSQL_DB=\${MYSQL_DB:-meetifyr}"
}

stop() {
  if running; then
    mariadb-admin --no-defaults --socket="$sock" -u"$user" shutdown
    say "stopped"
  else
    say "not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then say "running on 127.0.0.1:$(cat "$dir/port")"; else say "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# The project's own EdgeDB server, for machines that have an `edgedb-server` or `gel-server`
# on PATH (no package registry here ships one; README, "EdgeDB").
#
#   scripts/edgedb.sh start    start (or reuse) it and print the EDGEDB_DSN that points at it;
#                              prints nothing when there is no server binary
#   scripts/edgedb.sh stop     shut it down (the data stays)
#   scripts/edgedb.sh status
#
# Its run state is in .local/edgedb. PostgreSQL refuses to run as root, so as root the server
# keeps its data in a PostgreSQL cluster of its own ("meetifyr_<hash of this folder>", Debian's
# postgresql-common); as another user it keeps it in .local/edgedb/data.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=$root/.local/edgedb
pidfile=$dir/server.pid
status_file=$dir/status
tag=$(printf %s "$root" | cksum | cut -d' ' -f1)
cluster=meetifyr_$tag
password=meetifyr
export PATH=$PATH:/usr/sbin:/sbin

say() { echo "edgedb: $*" >&2; }

server_binary() { command -v edgedb-server || command -v gel-server || true; }

port_busy() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port=$1
  while port_busy "$port"; do port=$((port + 1)); done
  echo "$port"
}

running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && [ -f "$dir/port" ] &&
    port_busy "$(cat "$dir/port")"
}

dsn() {
  echo "edgedb://edgedb:$password@127.0.0.1:$(cat "$dir/port")?tls_security=insecure"
}

# A port nothing listens on and no other cluster is set to: a stopped cluster keeps its port.
cluster_port() {
  local port=5450
  while port_busy "$port" || pg_lsclusters -h | awk '{print $3}' | grep -qx "$port"; do
    port=$((port + 1))
  done
  echo "$port"
}

# Each clone has a cluster of its own: the one of a clone whose folder is gone (a CI clone, say)
# would otherwise stay on the machine for good.
drop_orphan_clusters() {
  local version name origin
  pg_lsclusters -h | awk '$2 ~ /^meetifyr_[0-9]+$/ {print $1, $2}' | while read -r version name; do
    origin=/etc/postgresql/$version/$name/meetifyr-origin
    if [ -f "$origin" ] && [ ! -d "$(cat "$origin")" ]; then
      say "dropping PostgreSQL cluster $version/$name: its folder $(cat "$origin") is gone"
      pg_dropcluster --stop "$version" "$name" || say "could not drop $version/$name; left as is"
    fi
  done
}

# EdgeDB gives every object a time-based UUID from PostgreSQL's libuuid. Without the uuidd
# daemon each one costs PostgreSQL about 9 us of file locking; with it, about 2 us: a quarter of
# PostgreSQL's time in a join, whose 30 days are 30 objects.
start_uuidd() {
  local pid=/run/uuidd/uuidd.pid
  [ -f $pid ] && kill -0 "$(cat $pid)" 2>/dev/null && return
  mkdir -p /run/uuidd
  chown uuidd:uuidd /run/uuidd
  runuser -u uuidd -- uuidd --quiet || say "uuidd did not start: PostgreSQL makes ids without it, slower"
}

# As root: a PostgreSQL cluster of our own, running as the postgres user.
backend_cluster() {
  if ! command -v pg_createcluster >/dev/null || ! command -v uuidd >/dev/null; then
    say "installing PostgreSQL and uuidd with apt-get (once), as root the backend of edgedb-server"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
      postgresql uuid-runtime >/dev/null
  fi
  start_uuidd
  drop_orphan_clusters
  local version
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$cluster"; then
    say "creating PostgreSQL cluster $version/$cluster"
    pg_createcluster "$version" "$cluster" -p "$(cluster_port)" >/dev/null -- \
      --auth-local=peer --auth-host=scram-sha-256
    # Loopback only; and, as for the local MariaDB, durability is relaxed for development:
    # a commit does not wait for its WAL to reach the disk.
    printf "listen_addresses = '127.0.0.1'\nsynchronous_commit = off\n" \
      >>"/etc/postgresql/$version/$cluster/postgresql.conf"
  fi
  local conf=/etc/postgresql/$version/$cluster
  [ -d "$conf" ] && printf %s "$root" >"$conf/meetifyr-origin"
  # Its output (e.g. "Removed stale pid file." after a reboot) must not join the DSN we echo.
  pg_ctlcluster "$version" "$cluster" start >/dev/null 2>&1 || true
  local pgport
  pgport=$(pg_lsclusters -h | awk -v c="$cluster" '$2 == c {print $3}')
  # Plain SUPERUSER would put EdgeDB in single-database mode.
  runuser -u postgres -- psql -q -p "$pgport" -d postgres -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'meetifyr_edgedb') THEN
    CREATE ROLE meetifyr_edgedb LOGIN SUPERUSER CREATEDB CREATEROLE PASSWORD '$password';
  END IF;
END \$\$;
SQL
  echo "--backend-dsn=postgres://meetifyr_edgedb:$password@127.0.0.1:$pgport/postgres"
}

start() {
  local server
  server=$(server_binary)
  if [ -z "$server" ]; then
    say "no edgedb-server or gel-server on PATH: the EdgeDB backend stays off"
    return
  fi
  mkdir -p "$dir"
  # The daemon does not outlive a reboot or a container, unlike the server's data.
  if [ "$(id -u)" = 0 ] && command -v uuidd >/dev/null; then start_uuidd; fi
  if ! running; then
    local backend
    if [ "$(id -u)" = 0 ]; then backend=$(backend_cluster); else backend=--data-dir=$dir/data; fi
    [ -f "$dir/port" ] && ! port_busy "$(cat "$dir/port")" || free_port 5700 >"$dir/port"
    rm -f "$status_file"
    say "starting $server on 127.0.0.1:$(cat "$dir/port") (a first start can take minutes)"
    setsid "$server" "$backend" \
      --runstate-dir="$dir" --bind-address=127.0.0.1 --port="$(cat "$dir/port")" \
      --tls-cert-mode=generate_self_signed \
      --tls-cert-file="$dir/tls-cert.pem" --tls-key-file="$dir/tls-key.pem" \
      --bootstrap-command="ALTER ROLE edgedb SET password := '$password';" \
      --admin-ui=disabled --emit-server-status="file://$status_file" \
      </dev/null >"$dir/server.log" 2>&1 &
    echo $! >"$pidfile"
    for _ in $(seq 1 1800); do
      grep -q '^READY=' "$status_file" 2>/dev/null && break
      kill -0 "$(cat "$pidfile")" 2>/dev/null || break
      sleep 0.5
    done
    if ! grep -q '^READY=' "$status_file" 2>/dev/null; then
      say "did not start; see $dir/server.log"
      tail -20 "$dir/server.log" >&2
      exit 1
    fi
  fi
  echo "export EDGEDB_DSN='$(dsn)'"
}

stop() {
  if running; then
    kill "$(cat "$pidfile")"
    for _ in $(seq 1 60); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.5; done
    say "stopped"
  else
    say "not running"
  fi
  if [ "$(id -u)" = 0 ] && command -v pg_lsclusters >/dev/null &&
    pg_lsclusters -h | awk '{print $2}' | grep -qx "$cluster"; then
    pg_ctlcluster "$(pg_lsclusters -h | awk -v c="$cluster" '$2 == c {print $1}')" "$cluster" stop || true
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then say "running on 127.0.0.1:$(cat "$dir/port")"; else say "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac

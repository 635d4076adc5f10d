#!/usr/bin/env bash
# The distributed stack on one machine, every service on 127.0.0.1:
#   Postgres (Dagster's runs and events), Redis (Celery's broker and results),
#   an S3-compatible server (the event log, s3://dcwatch/events), N Celery workers.
#
#   deploy/stack.sh start [WORKERS]   install what is missing, start everything (default 2 workers)
#   deploy/stack.sh run [JOB]         run a job (default: refresh) through the workers
#   deploy/stack.sh segments [N]      parse and score each log segment as its own run
#                                     (project_segments), N runs at a time (default 2)
#   deploy/stack.sh env               print the variables, for `source <(deploy/stack.sh env)`
#   deploy/stack.sh stop              stop everything this script started
#
# State (databases, logs, the DuckDB warehouse) lives in $DCWATCH_STACK (default ./.stack).
# Ports: DCWATCH_PG_PORT (55432), DCWATCH_REDIS_PORT (56379), DCWATCH_S3_PORT (59000).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD
STACK=$(mkdir -p "${DCWATCH_STACK:-$REPO/.stack}" && cd "${DCWATCH_STACK:-$REPO/.stack}" && pwd)
PG_PORT=${DCWATCH_PG_PORT:-55432}
REDIS_PORT=${DCWATCH_REDIS_PORT:-56379}
S3_PORT=${DCWATCH_S3_PORT:-59000}
PY=${PYTHON:-$REPO/.venv/bin/python}
BIN=$(dirname "$PY")
export PATH="$BIN:$PATH"  # dagster-celery starts `celery` by name
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)

say() { echo "stack: $*" >&2; }

environment() {
  cat <<VARS
export DAGSTER_HOME=$STACK/dagster_home
export DCWATCH_PG_URL=postgresql+psycopg2://dagster@127.0.0.1:$PG_PORT/dagster
export DCWATCH_CELERY_BROKER=redis://127.0.0.1:$REDIS_PORT/0
export DCWATCH_CELERY_BACKEND=redis://127.0.0.1:$REDIS_PORT/1
export AWS_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
export AWS_ACCESS_KEY_ID=dcwatch
export AWS_SECRET_ACCESS_KEY=dcwatch-local
export AWS_REGION=us-east-1
export DCWATCH_LOG=s3://dcwatch/events
export DCWATCH_HOME=$STACK/home
VARS
}

as_postgres() {  # Postgres refuses to run as root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install() {
  if [ -z "$PGBIN" ] || ! command -v redis-server >/dev/null; then
    if [ "$(id -u)" != 0 ]; then
      say "needs Debian's postgresql and redis-server: sudo apt-get install postgresql redis-server"
      exit 1
    fi
    say "installing postgresql and redis-server (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      postgresql redis-server >/dev/null
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  # pgrep/service scripts may have started Debian's own clusters; ours is separate.
  if ! "$PY" -c 'import dagster_celery, dagster_postgres, obstore, moto' 2>/dev/null; then
    say "installing the deploy extras into $BIN"
    "$PY" -m pip install --quiet --disable-pip-version-check -e "$REPO[deploy]"
  fi
}

wait_for() {  # wait_for WHAT COMMAND...
  local what=$1; shift
  for _ in $(seq 1 150); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  say "$what did not come up; see $STACK/*.log"; exit 1
}

start() {
  local workers=${1:-2}
  install
  eval "$(environment)"
  mkdir -p "$DAGSTER_HOME" "$DCWATCH_HOME"
  cp deploy/dagster.yaml "$DAGSTER_HOME/dagster.yaml"

  if [ "$(id -u)" = 0 ]; then  # the postgres user must reach its folder and its log
    chmod o+x "$STACK" && touch "$STACK/postgres.log" && chown postgres: "$STACK/postgres.log"
  fi
  if [ ! -f "$STACK/pg/PG_VERSION" ]; then
    mkdir -p "$STACK/pg" && chmod 700 "$STACK/pg"
    [ "$(id -u)" = 0 ] && chown postgres: "$STACK/pg"
    as_postgres "$PGBIN/initdb" -D "$STACK/pg" -U dagster --auth=trust >"$STACK/initdb.log"
  fi
  as_postgres "$PGBIN/pg_ctl" -D "$STACK/pg" -l "$STACK/postgres.log" -w start \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $STACK/pg" >/dev/null
  "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U dagster dagster 2>/dev/null || true
  say "postgres on 127.0.0.1:$PG_PORT"

  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save "" \
    --appendonly no --dir "$STACK" --pidfile "$STACK/redis.pid" --logfile "$STACK/redis.log"
  wait_for redis redis-cli -p "$REDIS_PORT" ping
  say "redis on 127.0.0.1:$REDIS_PORT"

  setsid "$PY" deploy/s3server.py --port "$S3_PORT" >"$STACK/s3.log" 2>&1 &
  echo $! >"$STACK/s3.pid"
  wait_for "the S3 server" "$PY" -c "import urllib.request as u; u.urlopen('$AWS_ENDPOINT_URL')"
  "$PY" -c "import urllib.request as u; u.urlopen(u.Request('$AWS_ENDPOINT_URL/dcwatch', method='PUT'))"
  say "S3 on $AWS_ENDPOINT_URL, the log at $DCWATCH_LOG"

  for i in $(seq 1 "$workers"); do
    setsid "$BIN/dagster-celery" worker start -A dagster_celery.app -y deploy/celery.yaml \
      -n "dcwatch-$i" -- --concurrency=1 >"$STACK/worker-$i.log" 2>&1 &
    echo $! >"$STACK/worker-$i.pid"
  done
  wait_for "$workers celery workers" bash -c \
    "[ \$(grep -l 'ready\.' $STACK/worker-*.log 2>/dev/null | wc -l) -ge $workers ]"
  say "$workers celery workers ready; DAGSTER_HOME=$DAGSTER_HOME"
}

run() {
  eval "$(environment)"
  "$BIN/dagster" job execute -f deploy/definitions.py -a defs -j "${1:-refresh}"
}

segments() {
  local parallel=${1:-2}
  eval "$(environment)"
  # Register every segment of the log as a partition of log_segments, then run each one;
  # its two steps (parse, score) are Celery tasks, and the next `run` loads their outputs.
  "$PY" - <<'PY' >"$STACK/segments.txt"
import dagster as dg
from dagster_project.eventlog import EventLog, log_location
from dagster_project.home import dcwatch_home
from dagster_project.parse.defs import LOG_SEGMENTS

keys = [str(s.seq) for s in EventLog(log_location(dcwatch_home())).segments()]
with dg.DagsterInstance.get() as instance:
    known = set(instance.get_dynamic_partitions(LOG_SEGMENTS.name))
    instance.add_dynamic_partitions(LOG_SEGMENTS.name, [k for k in keys if k not in known])
print("\n".join(keys))
PY
  say "$(wc -l <"$STACK/segments.txt") segments, $parallel runs at a time"
  xargs -P "$parallel" -I{} "$BIN/dagster" job execute -f deploy/definitions.py -a defs \
    -j project_segments --tags '{"dagster/partition": "{}"}' <"$STACK/segments.txt"
}

stop() {
  eval "$(environment)"
  for f in "$STACK"/worker-*.pid "$STACK/s3.pid"; do
    [ -f "$f" ] || continue
    kill -TERM -- "-$(cat "$f")" 2>/dev/null || true  # each was started in its own group
    rm -f "$f"
  done
  [ -f "$STACK/redis.pid" ] && kill "$(cat "$STACK/redis.pid")" 2>/dev/null || true
  [ -n "$PGBIN" ] && [ -f "$STACK/pg/postmaster.pid" ] \
    && as_postgres "$PGBIN/pg_ctl" -D "$STACK/pg" -m fast -w stop >/dev/null || true
  say "stopped"
}

case "${1:-}" in
  start) start "${2:-2}" ;;
  run) run "${2:-refresh}" ;;
  segments) segments "${2:-2}" ;;
  env) environment ;;
  stop) stop ;;
  *) sed -n '2,15p' "$0"; exit 2 ;;
esac

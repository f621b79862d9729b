# Shared by the scripts that start a throw-away Overstap stack on loopback (db-failure-drill, production-smoke).
# Sourced, not run. The caller sets ROOT (the repository) and NAME (for messages) before sourcing, and calls
# stack_init once; stack_cleanup stops what was started here and removes the folder (unless KEEP is set).
#
#   stack_init PREFIX        folder $DIR, PostgreSQL binaries $PG_BIN, $RUN_AS (PostgreSQL as postgres when root)
#   stack_watchdog SECONDS   the whole script ends (and cleans up) when it runs longer than this
#   pg_init / pg_start       a PostgreSQL on 127.0.0.1:$PG_PORT with database overstap; psql_q "SQL"
#   stack_production_env     production settings from the environment, as on a server (no HTTPS on loopback)
#   stack_load_demo          migrate, load the demo region (output in $DIR/demo.log), collect static files
#                            (or in two steps: stack_migrate, stack_demo)
#   gunicorn_start WORKERS   gunicorn on 127.0.0.1:$APP_PORT, waits for /healthz; $GUNICORN_PID

PY="$ROOT/.venv/bin/python"
GUNICORN="$ROOT/.venv/bin/gunicorn"
GUNICORN_PID="" WATCHDOG_PID="" STATIC_PID="" DIR="" PGDATA=""

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { "$PY" -c 'import time; print(time.time())'; }
say() { echo "== $* ($(date -u +%H:%M:%S))"; }

stack_init() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$initdb" ] || initdb=$(command -v initdb || true)
  [ -n "$initdb" ] || { echo "$NAME: PostgreSQL server binaries (initdb) not found" >&2; exit 2; }
  PG_BIN=$(dirname "$initdb")
  [ -x "$GUNICORN" ] || { echo "$NAME: gunicorn not found in .venv" >&2; exit 2; }
  DIR=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  chmod 755 "$DIR"
  mkdir "$DIR/pg"
  RUN_AS=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$DIR/pg"
    RUN_AS=(runuser -u postgres --)
  fi
  PGDATA="$DIR/pg/data"
  PG_PORT=$(free_port)
  APP_PORT=$(free_port)
}

stack_watchdog() {
  local limit=$1
  (
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$limit" &
    sleeper=$!
    wait "$sleeper"
    echo "$NAME: over $limit s, stopped" >&2
    kill -TERM $$
  ) &
  WATCHDOG_PID=$!
}

# Stops a process started by this script: TERM (or the given signal), then KILL after the given tenths of seconds.
stop_pid() {
  local pid=$1 signal=${2:-TERM} tenths=${3:-50}
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "-$signal" "$pid" 2>/dev/null || true
  for _ in $(seq "$tenths"); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

stack_cleanup() {
  [ -n "$WATCHDOG_PID" ] && kill "$WATCHDOG_PID" 2>/dev/null || true
  stop_pid "$GUNICORN_PID" INT  # quick shutdown: nothing is being served any more
  if [ -n "$PGDATA" ]; then
    "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -n "$DIR" ]; then
    if [ -n "${KEEP:-}" ]; then echo "kept: $DIR"; else rm -rf "$DIR"; fi
  fi
}

pg_start() {
  "${RUN_AS[@]}" timeout 60 "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$DIR/pg/server.log" -w -t 50 \
    -o "-p $PG_PORT -k $DIR/pg -c listen_addresses=127.0.0.1" start >/dev/null
}

pg_init() {
  "${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PGDATA" -U overstap --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  pg_start || { cat "$DIR/pg/server.log"; exit 1; }
  timeout 20 "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U overstap overstap
}

psql_q() { timeout 30 "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U overstap -d overstap -v ON_ERROR_STOP=1 -qtA -c "$1"; }

# Production settings, as on a server, except what loopback cannot have: HTTPS. CELERY_BROKER_URL is the caller's
# (the production settings refuse to start without a Redis URL; one nobody listens on will do when nothing queues).
stack_production_env() {
  export DJANGO_SETTINGS_MODULE=overstap.conf.production
  export DJANGO_SECRET_KEY
  DJANGO_SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
  export DATABASE_URL="postgres://overstap@127.0.0.1:$PG_PORT/overstap"
  export DATABASE_CONN_MAX_AGE=60
  export DJANGO_ALLOWED_HOSTS=127.0.0.1
  export DJANGO_SECURE_SSL_REDIRECT=false
  export DJANGO_STATIC_ROOT="$DIR/static"
  export OVERSTAP_VAR_DIR="$DIR/var"
  mkdir -p "$DIR/var"
}

# Migrate (static files collected meanwhile), then load the demo region (output in $DIR/demo.log). In two steps, so
# a caller can start processes that need only the schema while the demo loads.
stack_migrate() {
  timeout 120 "$PY" src/manage.py collectstatic --no-input -v0 >"$DIR/collectstatic.log" 2>&1 &
  STATIC_PID=$!
  timeout 120 "$PY" src/manage.py migrate --no-input -v0
}

stack_demo() {
  timeout 150 "$PY" src/manage.py load_demo >"$DIR/demo.log" 2>&1 || { tail -n 20 "$DIR/demo.log"; exit 1; }
  wait "$STATIC_PID" || { cat "$DIR/collectstatic.log"; exit 1; }
}

stack_load_demo() {
  stack_migrate
  stack_demo
}

gunicorn_start() {
  local workers=$1 status=0
  (cd src && exec "$GUNICORN" overstap.wsgi:application --bind "127.0.0.1:$APP_PORT" --workers "$workers" \
    --timeout 30 --graceful-timeout 5 --error-logfile - --log-level warning) >"$DIR/gunicorn.log" 2>&1 &
  GUNICORN_PID=$!
  for _ in $(seq 150); do
    status=$("$PY" -c "
import urllib.request
try:
    print(urllib.request.urlopen('http://127.0.0.1:$APP_PORT/healthz', timeout=2).status)
except Exception:
    print(0)")
    [ "$status" = 200 ] && return 0
    kill -0 "$GUNICORN_PID" 2>/dev/null || { cat "$DIR/gunicorn.log"; exit 1; }
    sleep 0.2
  done
  echo "$NAME: gunicorn did not answer" >&2
  cat "$DIR/gunicorn.log"
  exit 1
}

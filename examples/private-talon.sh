# Sourced by the example scripts: a private Talon on a fresh database, started with the real ./talon
# and removed with its database when the script exits. Expects $root (the repository) and a die()
# function; PRIVATE_PG_URI names the PostgreSQL server (default postgresql://postgres@127.0.0.1:5432).
#
#   private_talon_prepare NAME   work directory, database name and a free port; exports TALON_DB_URI
#                                and TALON_HTTP_PORT and sets BASE (http://127.0.0.1:PORT)
#   private_talon_start          builds when needed, runs ./talon serve in the background, waits for /health
#   private_talon_stop           stops it gracefully (SIGTERM) and waits
# Afterwards: $WORK (server.log, build.log), $DB_NAME, $PORT, $BASE, $SERVER_PID.

SERVER_PID=""
DB_NAME=""
WORK=""

private_talon_cleanup() {
  local status=$?
  trap - EXIT
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "$DB_NAME" ]; then
    psql "$PG_URI/postgres" -qtAc "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  [ -z "$WORK" ] || rm -rf "$WORK"
  exit "$status"
}

private_talon_prepare() {
  local tool
  for tool in psql java; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is required to start a private Talon"
  done
  PG_URI="${PRIVATE_PG_URI:-postgresql://postgres@127.0.0.1:5432}"
  PG_URI="${PG_URI%/}"
  DB_NAME="talon_$1_$(date +%Y%m%d%H%M%S)_$$"
  PORT=18380
  while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/talon-$1.XXXXXX")"
  trap private_talon_cleanup EXIT
  export TALON_DB_URI="$PG_URI/$DB_NAME" TALON_HTTP_PORT="$PORT"
  BASE="http://127.0.0.1:$PORT"
  "$root/talon" --help >/dev/null 2>"$WORK/build.log" || { cat "$WORK/build.log" >&2; die "./talon does not build"; }
}

private_talon_start() {
  "$root/talon" serve >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    curl -fsS "$BASE/health" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$WORK/server.log" >&2; die "Talon stopped during start-up"; }
    sleep 0.5
  done
  die "Talon did not become healthy"
}

private_talon_stop() {
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID" || true
  SERVER_PID=""
}

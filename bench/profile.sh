#!/usr/bin/env bash
# Where the server's time goes on one route: starts Talon on a fresh database with Java Flight
# Recorder sampling every millisecond, loads ROUTE with wrk (warm-up, then a recorded run), and
# prints the methods most often on top of the stack, and Talon's own frames anywhere in the stack.
#
#   bench/profile.sh [ROUTE]          ROUTE: /api/client/account (default, with a client key) or any path
#
# Knobs: PROFILE_SECONDS (recorded run, default 20), PROFILE_WARMUP (default 15), PROFILE_KEEP=1 keeps the
# recording (its path is printed). Needs wrk, curl, psql, java; JDK 17's `jfr` tool (it reads the file).
# Compare two routes (for instance /health/live against /api/client/account) to see what a route adds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

ROUTE="${1:-/api/client/account}"
SECONDS_RECORDED="${PROFILE_SECONDS:-20}"
WARMUP="${PROFILE_WARMUP:-15}"
PG_URI="${PROFILE_PG_URI:-postgresql://postgres@127.0.0.1:5432}"
log() { printf '[profile %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
for tool in wrk curl psql java; do command -v "$tool" >/dev/null 2>&1 || die "$tool is required"; done
JFR="$(dirname "$(readlink -f "$(command -v java)")")/jfr"
[ -x "$JFR" ] || JFR="$(command -v jfr || true)"
[ -n "$JFR" ] || die "the JDK's jfr tool is required"

PORT=18990
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
DB_NAME="talon_profile_$(date +%Y%m%d%H%M%S)_$$"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/talon-profile.XXXXXX")"
SERVER_PID=""
cleanup() {
  local status=$?
  trap - EXIT
  [ -z "$SERVER_PID" ] || { kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
  psql "$PG_URI/postgres" -qtAc "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null 2>&1 || true
  if [ "${PROFILE_KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT

export TALON_DB_URI="$PG_URI/$DB_NAME" TALON_HTTP_PORT="$PORT"
export TALON_SECRET="$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 48)"
export TALON_RATE_LIMIT_CLIENT=100000000 TALON_RATE_LIMIT_APPLICATION=100000000
cat >"$WORK/settings.jfc" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">1 ms</setting></event>
</configuration>
EOF

./talon --help >/dev/null 2>"$WORK/build.log" || { cat "$WORK/build.log" >&2; die "./talon does not build"; }
log "starting Talon on port $PORT (database $DB_NAME)"
TALON_JAVA_OPTS="-XX:FlightRecorderOptions:stackdepth=256" ./talon serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null || die "Talon did not start"
./talon user:make --admin --username profile --email profile@example.com --password "profile-$(date +%s%N)" \
  >/dev/null 2>>"$WORK/build.log" || die "user:make failed"
KEY="$(./talon key:make --user profile --type client --description profile 2>>"$WORK/build.log")" || die "key:make failed"

log "warm-up: ${WARMUP}s on $ROUTE"
wrk -t2 -c64 -d"${WARMUP}s" -H "Authorization: Bearer $KEY" -H "Accept: application/json" "http://127.0.0.1:$PORT$ROUTE" >/dev/null
log "recording: ${SECONDS_RECORDED}s"
jcmd "$SERVER_PID" JFR.start name=profile settings="$WORK/settings.jfc" >/dev/null 2>&1 \
  || die "could not start a recording (jcmd)"
wrk -t2 -c64 -d"${SECONDS_RECORDED}s" -H "Authorization: Bearer $KEY" -H "Accept: application/json" \
  "http://127.0.0.1:$PORT$ROUTE" | grep -E 'Requests/sec' >&2
jcmd "$SERVER_PID" JFR.stop name=profile filename="$WORK/profile.jfr" >/dev/null 2>&1 || die "could not save the recording"

"$JFR" print --events jdk.ExecutionSample --stack-depth 64 "$WORK/profile.jfr" >"$WORK/samples.txt"
awk '
  /jdk.ExecutionSample/ { if (n) flush(); n = 1; top = ""; delete seen; next }
  /line:/ {
    f = $1; sub(/\(.*/, "", f)
    if (top == "") top = f
    if (f ~ /^dev\.talon\./ && !(f in seen)) { seen[f] = 1; talon[f]++ }
  }
  function flush() { if (top != "") { tops[top]++; total++ } }
  END {
    flush()
    printf "%d samples on %s\n\nmost often on top of the stack:\n", total, ROUTE
    for (f in tops) printf "%6d %5.1f%%  %s\n", tops[f], 100 * tops[f] / total, f | "sort -rn | head -n 25"
    close("sort -rn | head -n 25")
    printf "\nTalon frames anywhere in the stack (share of samples):\n"
    for (f in talon) printf "%6d %5.1f%%  %s\n", talon[f], 100 * talon[f] / total, f | "sort -rn | head -n 25"
  }' ROUTE="$ROUTE" "$WORK/samples.txt"

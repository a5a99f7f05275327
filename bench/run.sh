#!/usr/bin/env bash
# Talon authentication-overhead benchmark. Run from anywhere: bench/run.sh
# Knobs (environment): BENCH_DURATION (s per measured phase, default 15), BENCH_WARMUP (s per route,
# default 15: the JIT needs it on 2 shared cores), BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_PORT (default: first free port from
# 18180), BENCH_PG_URI (server part of the PostgreSQL URI, default postgresql://postgres@127.0.0.1:5432),
# BENCH_HTTP_INSTANCES (TALON_HTTP_INSTANCES for the server; default: Talon's own default),
# BENCH_RESULTS (summary file, default bench/results/latest.txt, the server log goes next to it as
# latest-server.log; empty: write neither), BENCH_KEEP=1 (keep the temporary work directory).
# See bench/README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

DURATION="${BENCH_DURATION:-15}"
WARMUP="${BENCH_WARMUP:-15}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
PG_URI="${BENCH_PG_URI:-postgresql://postgres@127.0.0.1:5432}"
PG_URI="${PG_URI%/}"
RESULTS="${BENCH_RESULTS-$here/results/latest.txt}"
RATE_LIMIT=100000000
HEALTH_TIMEOUT=60

MODERATE_CONNECTIONS="${BENCH_MODERATE_CONNECTIONS:-4}"

# Targets.
TARGET_RATIO=0.85
TARGET_ADDED_P99_MS=1

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for n in DURATION WARMUP CONNECTIONS THREADS; do
  [[ "${!n}" =~ ^[1-9][0-9]*$ ]] || die "BENCH_$n must be a positive integer, not '${!n}'"
done

# ---------------------------------------------------------------------------------------------
# 1. Tools
# ---------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  log "wrk not found: installing it with apt-get"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "wrk is missing and I am not root (no sudo): install wrk yourself"
    sudo="sudo"
  fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >&2
  command -v wrk >/dev/null 2>&1 || die "wrk installation failed"
fi
for tool in curl psql java awk; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is required but not installed"
done

# ---------------------------------------------------------------------------------------------
# 2. Database, secret, port, server
# ---------------------------------------------------------------------------------------------
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
DB_NAME="talon_bench_$(date +%Y%m%d%H%M%S)_$$"
DB_URI="$PG_URI/$DB_NAME"
ADMIN_URI="$PG_URI/postgres"
psql "$ADMIN_URI" -v ON_ERROR_STOP=1 -qtAc 'SELECT 1' >/dev/null 2>&1 \
  || die "cannot reach PostgreSQL at $ADMIN_URI (set BENCH_PG_URI)"

rand_alnum() { # rand_alnum N: N random [A-Za-z0-9] characters
  local out=""
  while [ "${#out}" -lt "$1" ]; do
    out+="$(head -c 256 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')"
  done
  printf '%s' "${out:0:$1}"
}
SECRET="$(rand_alnum 48)"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ -n "${BENCH_PORT:-}" ]; then
  PORT="$BENCH_PORT"
  port_busy "$PORT" && die "BENCH_PORT=$PORT is already in use"
else
  PORT=18180
  while port_busy "$PORT"; do
    PORT=$((PORT + 1))
    [ "$PORT" -lt 18280 ] || die "no free port in 18180-18279 (set BENCH_PORT)"
  done
fi
BASE="http://127.0.0.1:$PORT"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/talon-bench.XXXXXX")"
SERVER_LOG="$WORK/server.log"
SERVER_PID=""

# Everything Talon reads from the environment for this run (the CLI gets the same DB and secret).
talon_env=(TALON_DB_URI="$DB_URI" TALON_SECRET="$SECRET" TALON_HTTP_PORT="$PORT"
  TALON_RATE_LIMIT_CLIENT="$RATE_LIMIT" TALON_RATE_LIMIT_APPLICATION="$RATE_LIMIT")
if [ -n "${BENCH_HTTP_INSTANCES:-}" ]; then
  talon_env+=(TALON_HTTP_INSTANCES="$BENCH_HTTP_INSTANCES")
fi

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    log "stopping the server (pid $SERVER_PID)"
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      log "server still running after 30 s: SIGKILL"
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  log "dropping database $DB_NAME"
  psql "$ADMIN_URI" -qtAc "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null 2>&1 \
    || log "could not drop database $DB_NAME (drop it by hand)"
  if [ "${BENCH_KEEP:-0}" = "1" ]; then
    log "kept the work directory $WORK (server log, wrk scripts and outputs)"
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Build the jar now (./talon rebuilds it when sources are newer), so that the start-up timeout
# below measures the start-up and not a Maven build. Then run a private copy of it, exactly as
# ./talon runs the jar: a rebuild during the run (someone editing sources and running ./talon)
# rewrites launcher/target/talon.jar, and a JVM whose jar changes under it fails on the next class
# it loads (NoClassDefFoundError on the event loops: the server stops answering).
JAR="$WORK/talon.jar"
for attempt in 1 2 3; do
  log "checking the jar (./talon builds it when sources changed)"
  if ! ./talon --help >/dev/null 2>"$WORK/build.log"; then
    # Also what happens while another process rebuilds the jar ("no main manifest attribute").
    cat "$WORK/build.log" >&2
    [ "$attempt" -lt 3 ] || die "./talon --help failed 3 times (build error, or the jar is being rebuilt)"
    log "./talon --help failed; trying again in 10 s"
    sleep 10
    continue
  fi
  cp launcher/target/talon.jar "$JAR"
  if cmp -s launcher/target/talon.jar "$JAR" \
      && { ! command -v unzip >/dev/null 2>&1 || unzip -tqq "$JAR" >/dev/null 2>&1; } \
      && java ${TALON_JAVA_OPTS:-} -jar "$JAR" --help >/dev/null 2>&1; then
    break
  fi
  [ "$attempt" -lt 3 ] || die "could not get a stable copy of launcher/target/talon.jar (is it being rebuilt?)"
  log "the jar changed while I copied it; again"
  sleep 5
done
# The Talon CLI, from the copy, with this run's environment (same database and secret as the server).
talon() { env "${talon_env[@]}" TALON_HOME="$root" java ${TALON_JAVA_OPTS:-} -jar "$JAR" "$@"; }

log "starting talon serve (the jar of ./talon) on port $PORT, database $DB_NAME (log: $SERVER_LOG)"
env "${talon_env[@]}" TALON_HOME="$root" java ${TALON_JAVA_OPTS:-} -jar "$JAR" serve >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

deadline=$((SECONDS + HEALTH_TIMEOUT))
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/health" 2>/dev/null || true)" = "200" ]; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    log "the server exited during start-up; its log:"
    cat "$SERVER_LOG" >&2
    die "server failed to start"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    log "no 200 from $BASE/health after ${HEALTH_TIMEOUT}s; server log:"
    cat "$SERVER_LOG" >&2
    die "server did not become ready"
  fi
  sleep 0.5
done
log "server ready"

# ---------------------------------------------------------------------------------------------
# 3. User and key
# ---------------------------------------------------------------------------------------------
USER_ID="$(talon user:make --email "bench-$$@example.com" --username "bench$$" \
  --password "bench-$(rand_alnum 16)" --admin 2>"$WORK/cli.log" | tail -n 1 | tr -d '[:space:]')" \
  || { cat "$WORK/cli.log" >&2; die "user:make failed"; }
[ -n "$USER_ID" ] || { cat "$WORK/cli.log" >&2; die "user:make printed no user id"; }
CLIENT_KEY="$(talon key:make --user "$USER_ID" --type client --description bench \
  2>"$WORK/cli.log" | tail -n 1 | tr -d '[:space:]')" \
  || { cat "$WORK/cli.log" >&2; die "key:make failed"; }
[[ "$CLIENT_KEY" =~ ^ptlc_[A-Za-z0-9]{48}$ ]] || { cat "$WORK/cli.log" >&2; die "key:make printed no client key ('$CLIENT_KEY')"; }
log "user $USER_ID, client key ${CLIENT_KEY:0:21}..."

code="$(curl -s -o "$WORK/account.json" -w '%{http_code}' -H "Authorization: Bearer $CLIENT_KEY" "$BASE/api/client/account")"
[ "$code" = "200" ] || { cat "$WORK/account.json" >&2; echo >&2; die "GET /api/client/account with the new key answered $code, not 200"; }

# ---------------------------------------------------------------------------------------------
# 4. wrk scripts
# ---------------------------------------------------------------------------------------------
# Common part: count responses whose status is not the expected one, per thread, summed in done().
lua_common() { # lua_common EXPECTED_STATUS
  cat <<EOF
local expected = $1
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
function init(args)
  math.randomseed(os.time() * 100 + (id or 0))
  total = 0; bad = 0; codes = {}
  if prepare then prepare() end
end
function response(status, headers, body)
  total = total + 1
  if status ~= expected then
    bad = bad + 1
    codes[status] = (codes[status] or 0) + 1
  end
end
function done(summary, latency, requests)
  local t, b, byCode = 0, 0, {}
  for _, th in ipairs(threads) do
    t = t + th:get("total")
    b = b + th:get("bad")
    for c, n in pairs(th:get("codes")) do byCode[c] = (byCode[c] or 0) + n end
  end
  local parts = {}
  for c, n in pairs(byCode) do table.insert(parts, c .. "x" .. n) end
  table.sort(parts)
  io.write(string.format("BENCH_RESPONSES %d\nBENCH_UNEXPECTED %d\nBENCH_UNEXPECTED_CODES %s\n",
    t, b, #parts > 0 and table.concat(parts, ",") or "-"))
end
EOF
}

{ lua_common 200; } >"$WORK/live.lua"
{ lua_common 200; printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$CLIENT_KEY"; } >"$WORK/valid.lua"

# (c) 16 distinct well-formed unknown client keys, picked at random per request.
{
  lua_common 401
  printf 'local keys = {\n'
  for _ in $(seq 1 16); do printf '  "Bearer ptlc_%s",\n' "$(rand_alnum 48)"; done
  printf '}\n'
  cat <<'EOF'
local requests = {}
function prepare() -- the raw requests, formatted once per thread
  for i, h in ipairs(keys) do requests[i] = wrk.format(nil, nil, { ["Authorization"] = h }) end
end
function request() return requests[math.random(#requests)] end
EOF
} >"$WORK/unknown.lua"

# (d) malformed credentials: short key, foreign characters, wrong prefix, wrong scheme, empty.
{
  lua_common 401
  cat <<EOF
local headers = {
  "Bearer ptlc_short",
  "Bearer garbage!!",
  "Bearer ptlc_$(rand_alnum 47)!",
  "Bearer ptlx_$(rand_alnum 48)",
  "Bearer ptlc_$(rand_alnum 49)",
  "Basic $(rand_alnum 24)",
  "Bearer",
  "ptlc_$(rand_alnum 48)",
}
local requests = {}
function prepare() -- the raw requests, formatted once per thread
  for i, h in ipairs(headers) do requests[i] = wrk.format(nil, nil, { ["Authorization"] = h }) end
end
function request() return requests[math.random(#requests)] end
EOF
} >"$WORK/malformed.lua"

# ---------------------------------------------------------------------------------------------
# 5. Phases
# ---------------------------------------------------------------------------------------------
metrics() { # metrics FILE: the node's counters (talon_db_statements_total and, when the node has
  # them, talon_db_operations_total{operation="..."}) as "name value" lines
  curl -sf --max-time 5 "$BASE/metrics" \
    | awk '$1 == "talon_db_statements_total" { print "statements", $2 }
           $1 ~ /^talon_db_operations_total\{/ { op = $1; sub(/.*operation="/, "", op); sub(/".*/, "", op); print op, $2 }' >"$1" \
    || true
  grep -qE '^statements [0-9]+$' "$1" || die "could not read talon_db_statements_total from $BASE/metrics"
}
metric() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }
ops_delta() { # ops_delta BEFORE AFTER: "op=n op=n" for the operations that ran, or "-"
  awk 'NR == FNR { b[$1] = $2; next } $1 != "statements" && $2 - b[$1] > 0 { printf "%s%s=%d", sep, $1, $2 - b[$1]; sep = " " }
       END { if (sep == "") printf "-" }' "$1" "$2"
}

clk_tck="$(getconf CLK_TCK 2>/dev/null || echo 100)"
busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
server_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0; }
children_seconds() { # children_seconds FILE: CPU seconds of this shell's finished children (wrk,
  # curl, ...) from the output of `times`, which must run in this shell, not in $(...)
  awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] } printf "%.3f", t }' "$1"
}

to_ms() { # wrk duration (850.00us, 1.23ms, 1.02s, 2.00m) -> milliseconds
  awk -v v="$1" 'BEGIN {
    if (match(v, /us$/)) { printf "%.3f", substr(v, 1, length(v) - 2) / 1000; exit }
    if (match(v, /ms$/)) { printf "%.3f", substr(v, 1, length(v) - 2) + 0; exit }
    if (match(v, /m$/))  { printf "%.3f", substr(v, 1, length(v) - 1) * 60000; exit }
    if (match(v, /s$/))  { printf "%.3f", substr(v, 1, length(v) - 1) * 1000; exit }
    if (match(v, /h$/))  { printf "%.3f", substr(v, 1, length(v) - 1) * 3600000; exit }
    printf "nan"
  }'
}

run_wrk() { # run_wrk SECONDS SCRIPT PATH OUTFILE  (PH_THREADS/PH_CONNECTIONS override the load)
  wrk -t "${PH_THREADS:-$THREADS}" -c "${PH_CONNECTIONS:-$CONNECTIONS}" -d "${1}s" --timeout 10s --latency -s "$2" "$BASE$3" >"$4" 2>&1 \
    || { cat "$4" >&2; die "wrk failed"; }
}

declare -A LABEL RPS P50 P90 P99 BAD BADCODES STMTS SOCKERR TOTAL OPS CPU USPR
PHASES=()
phase() { # phase ID LABEL SCRIPT PATH
  local id="$1" label="$2" script="$3" path="$4" out="$WORK/$1.txt" busy0 srv0 kids0 t0 busy1 srv1 kids1 t1
  log "phase $id: $label (${DURATION}s, ${PH_CONNECTIONS:-$CONNECTIONS} connections, ${PH_THREADS:-$THREADS} threads)"
  metrics "$WORK/m_before"
  busy0="$(busy_ticks)"; srv0="$(server_ticks)"; t0="$(date +%s.%N)"; times >"$WORK/times0"
  run_wrk "$DURATION" "$script" "$path" "$out"
  times >"$WORK/times1"; busy1="$(busy_ticks)"; srv1="$(server_ticks)"; t1="$(date +%s.%N)"
  kids0="$(children_seconds "$WORK/times0")"; kids1="$(children_seconds "$WORK/times1")"
  # Writes that a phase causes but that are batched (last_used_at) land up to one flush interval
  # later: wait for them, so that they count in this phase and not in the next.
  sleep "$SETTLE"
  metrics "$WORK/m_after"
  STMTS[$id]=$(( $(metric "$WORK/m_after" statements) - $(metric "$WORK/m_before" statements) ))
  OPS[$id]="$(ops_delta "$WORK/m_before" "$WORK/m_after")"
  # CPU during the wrk run, in cores: the server, wrk, and everything else on the machine.
  CPU[$id]="$(awk -v b0="$busy0" -v b1="$busy1" -v s0="$srv0" -v s1="$srv1" -v k0="$kids0" -v k1="$kids1" \
    -v t0="$t0" -v t1="$t1" -v hz="$clk_tck" 'BEGIN {
      el = t1 - t0; srv = (s1 - s0) / hz / el; wrk = (k1 - k0) / el; other = (b1 - b0) / hz / el - srv - wrk
      if (other < 0) other = 0
      printf "%.2f %.2f %.2f", srv, wrk, other }')"
  PHASES+=("$id")
  LABEL[$id]="$label"
  RPS[$id]="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")"
  P50[$id]="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")"
  P90[$id]="$(to_ms "$(awk '$1 == "90%" { print $2 }' "$out")")"
  P99[$id]="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")"
  BAD[$id]="$(awk '$1 == "BENCH_UNEXPECTED" { print $2 }' "$out")"
  BADCODES[$id]="$(awk '$1 == "BENCH_UNEXPECTED_CODES" { print $2 }' "$out")"
  TOTAL[$id]="$(awk '$1 == "BENCH_RESPONSES" { print $2 }' "$out")"
  SOCKERR[$id]="$(awk '/Socket errors:/ { sub(/^ *Socket errors: */, ""); print }' "$out")"
  [ -n "${RPS[$id]}" ] && [ -n "${BAD[$id]}" ] || { cat "$out" >&2; die "could not parse the wrk output of phase $id"; }
  sed 's/^/    /' "$out" >&2
  printf '== phase %s: %s ==\n' "$id" "$label" >>"$WORK/raw.txt"
  cat "$out" >>"$WORK/raw.txt"
}

# Each use of a valid key is written back (last_used_at) in one batched statement per flush
# interval (usage.flush-interval-ms), so a phase with a valid key can show about
# DURATION / flush interval statements from that alone.
flush_ms="$(grep -A3 '^usage:' conf/config.yaml 2>/dev/null | awk '$1 == "flush-interval-ms:" { print $2 }')"
flush_ms="${TALON_USAGE_FLUSH_INTERVAL_MS:-${flush_ms:-2000}}"
SETTLE="$(awk -v f="$flush_ms" 'BEGIN { printf "%.1f", f / 1000 + 0.5 }')"

log "warm-up: ${WARMUP}s per route"
run_wrk "$WARMUP" "$WORK/live.lua" /health/live "$WORK/warm.txt"
run_wrk "$WARMUP" "$WORK/valid.lua" /api/client/account "$WORK/warm.txt"
run_wrk "$WARMUP" "$WORK/unknown.lua" /api/client/account "$WORK/warm.txt"
run_wrk "$WARMUP" "$WORK/malformed.lua" /api/client/account "$WORK/warm.txt"
run_wrk "$WARMUP" "$WORK/live.lua" /health/live "$WORK/warm.txt"
run_wrk "$WARMUP" "$WORK/valid.lua" /api/client/account "$WORK/warm.txt"

# Background statements: the same window with no requests at all (timers, batched writes).
log "idle: ${DURATION}s without requests (background DB statements)"
sleep "$SETTLE"
metrics "$WORK/m_before"
sleep "$DURATION"
sleep "$SETTLE"
metrics "$WORK/m_after"
IDLE_STMTS=$(( $(metric "$WORK/m_after" statements) - $(metric "$WORK/m_before" statements) ))
IDLE_OPS="$(ops_delta "$WORK/m_before" "$WORK/m_after")"

phase a1 "GET /health/live (no auth)" "$WORK/live.lua" /health/live
phase b1 "GET /api/client/account (valid key)" "$WORK/valid.lua" /api/client/account
phase a2 "GET /health/live (no auth)" "$WORK/live.lua" /health/live
phase b2 "GET /api/client/account (valid key)" "$WORK/valid.lua" /api/client/account
phase c "GET /api/client/account (16 unknown keys)" "$WORK/unknown.lua" /api/client/account
phase d "GET /api/client/account (malformed keys)" "$WORK/malformed.lua" /api/client/account
# Moderate load, where latency is service time rather than queueing: the added p99 is read here.
PH_CONNECTIONS=$MODERATE_CONNECTIONS PH_THREADS=1 phase am "GET /health/live (no auth, moderate load)" "$WORK/live.lua" /health/live
PH_CONNECTIONS=$MODERATE_CONNECTIONS PH_THREADS=1 phase bm "GET /api/client/account (valid key, moderate load)" "$WORK/valid.lua" /api/client/account

# Anything unusual in the server log during the run (errors, warnings).
SERVER_WARNINGS="$(grep -ciE '(WARN|ERROR|Exception)' "$SERVER_LOG" || true)"

# ---------------------------------------------------------------------------------------------
# 6. Summary
# ---------------------------------------------------------------------------------------------
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

ratio_11="$(calc %.3f "${RPS[b1]} / ${RPS[a1]}")"
ratio_12="$(calc %.3f "${RPS[b1]} / ${RPS[a2]}")"
ratio_21="$(calc %.3f "${RPS[b2]} / ${RPS[a1]}")"
ratio_22="$(calc %.3f "${RPS[b2]} / ${RPS[a2]}")"
ratio_best="$(printf '%s\n' "$ratio_11" "$ratio_12" "$ratio_21" "$ratio_22" | sort -g | tail -n 1)"
ratio_worst="$(printf '%s\n' "$ratio_11" "$ratio_12" "$ratio_21" "$ratio_22" | sort -g | head -n 1)"
avg_a="$(calc %.0f "(${RPS[a1]} + ${RPS[a2]}) / 2")"
avg_b="$(calc %.0f "(${RPS[b1]} + ${RPS[b2]}) / 2")"
ratio_avg="$(calc %.3f "($avg_b) / ($avg_a)")"
p99_a="$(calc %.3f "(${P99[a1]} + ${P99[a2]}) / 2")"
p99_b="$(calc %.3f "(${P99[b1]} + ${P99[b2]}) / 2")"
added_p99="$(calc %.3f "$p99_b - $p99_a")"
added_p99_moderate="$(calc %.3f "${P99[bm]} - ${P99[am]}")"
added_p99_1="$(calc %.3f "${P99[b1]} - ${P99[a1]}")"
added_p99_2="$(calc %.3f "${P99[b2]} - ${P99[a2]}")"
for id in "${PHASES[@]}"; do
  USPR[$id]="$(awk -v c="${CPU[$id]%% *}" -v r="${RPS[$id]}" 'BEGIN { printf "%.1f", (r > 0 ? c * 1e6 / r : 0) }')"
done
uspr_a="$(calc %.1f "(${USPR[a1]} + ${USPR[a2]}) / 2")"
uspr_b="$(calc %.1f "(${USPR[b1]} + ${USPR[b2]}) / 2")"
uspr_added="$(calc %.1f "$uspr_b - $uspr_a")"
uspr_x="$(calc %.2f "$uspr_b / ($uspr_a > 0 ? $uspr_a : 1)")"
stmts_b=$((STMTS[b1] + STMTS[b2]))
op_count() { # op_count "key.find=2 key.touch=6" key.find
  printf '%s\n' "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { n += $2 } END { print n + 0 }'
}
finds_b=$(( $(op_count "${OPS[b1]}" key.find) + $(op_count "${OPS[b2]}" key.find) ))
touches_b=$(( $(op_count "${OPS[b1]}" key.touch) + $(op_count "${OPS[b2]}" key.touch) ))
# timers that run whatever the traffic (they show in the idle phase too when one falls in it)
background_b=$(( $(op_count "${OPS[b1]}" sign-in.sweep) + $(op_count "${OPS[b2]}" sign-in.sweep) ))
others_b=$(( stmts_b - finds_b - touches_b - background_b ))
ttl_s="$(grep -A3 '^cache:' conf/config.yaml 2>/dev/null | awk '$1 == "ttl-seconds:" { print $2 }')"
ttl_s="${TALON_CACHE_TTL_SECONDS:-${ttl_s:-60}}"
# one valid key: at most one background re-read each time its cache entry reaches 3/4 of the TTL,
# over both phases (no request waits for it)
find_budget="$(calc %d "int(2 * ($DURATION + $SETTLE) / ($ttl_s * 0.75)) + 2")"
stmts_d=${STMTS[d]}
bad_total=0
for id in "${PHASES[@]}"; do bad_total=$((bad_total + BAD[$id])); done

verdict() { if "$@"; then echo PASS; else echo FAIL; fi; }
v_ratio="$(verdict ge "$ratio_avg" "$TARGET_RATIO")"
v_p99="$(verdict lt "$added_p99_moderate" "$TARGET_ADDED_P99_MS")"
v_b="$(verdict test "$others_b" -eq 0 -a "$finds_b" -le "$find_budget")"
v_d="$(verdict test "$stmts_d" -eq 0)"
v_status="$(verdict test "$bad_total" -eq 0)"

flush_budget="$(calc %d "2 * (int(($DURATION + $SETTLE) * 1000 / $flush_ms) + 1)")"
v_touch="$(verdict test "$touches_b" -le "$flush_budget")"

SUMMARY="$WORK/summary.txt"
{
  echo "Talon benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- 2>/dev/null || echo ' (+ uncommitted changes)'),"\
       "$(nproc) cores, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (same machine as the server),"\
       "warm-up ${WARMUP}s per route, rate limits $RATE_LIMIT/min"
  echo
  printf '%-46s %10s %9s %9s %9s %12s %8s\n' "phase" "req/s" "p50 ms" "p90 ms" "p99 ms" "unexpected" "DB stmts"
  printf '%-46s %10s %9s %9s %9s %12s %8s\n' "-----" "-----" "------" "------" "------" "----------" "--------"
  for id in "${PHASES[@]}"; do
    unexpected="${BAD[$id]}/${TOTAL[$id]}"
    [ "${BAD[$id]}" = "0" ] || unexpected="$unexpected (${BADCODES[$id]})"
    printf '%-46s %10s %9s %9s %9s %12s %8s\n' "($id) ${LABEL[$id]}" "${RPS[$id]}" "${P50[$id]}" "${P90[$id]}" \
      "${P99[$id]}" "$unexpected" "${STMTS[$id]}"
  done
  printf '%-46s %10s %9s %9s %9s %12s %8s\n' "(idle) no requests, same window" "-" "-" "-" "-" "-" "$IDLE_STMTS"
  echo
  printf '%-6s %-38s %-14s %s\n' "phase" "CPU during the run, in cores" "server us/req" "DB operations (phase + ${SETTLE}s)"
  for id in "${PHASES[@]}"; do
    read -r c_srv c_wrk c_other <<<"${CPU[$id]}"
    printf '%-6s %-38s %-14s %s\n' "($id)" "server $c_srv, wrk $c_wrk, other $c_other" "${USPR[$id]}" "${OPS[$id]}"
  done
  printf '%-6s %-38s %-14s %s\n' "(idle)" "" "" "$IDLE_OPS"
  for id in "${PHASES[@]}"; do
    [ -z "${SOCKERR[$id]}" ] || echo "  socket errors in ($id): ${SOCKERR[$id]}"
  done
  echo "  (unexpected = responses whose status was not 200 for a/b, not 401 for c/d, out of all responses;"
  echo "   DB stmts = change of talon_db_statements_total over the phase plus ${SETTLE}s after it)"
  echo
  echo "authenticated / unauthenticated req/s:"
  echo "  pairs: b1/a1 $ratio_11  b1/a2 $ratio_12  b2/a1 $ratio_21  b2/a2 $ratio_22"
  echo "  best $ratio_best, worst $ratio_worst, ratio of the averages $ratio_avg ($avg_b / $avg_a)"
  echo "server CPU per request: a $uspr_a us, b $uspr_b us (authentication adds $uspr_added us, x$uspr_x)"
  echo "added p99 latency at moderate load ($MODERATE_CONNECTIONS connections): $added_p99_moderate ms (bm ${P99[bm]} - am ${P99[am]})"
  echo "added p99 latency at saturation (b - a, queueing dominates): $added_p99 ms (run 1: $added_p99_1 ms, run 2: $added_p99_2 ms)"
  per100k() { calc %.2f "$1 * 100000 / ($2 > 0 ? $2 : 1)"; }
  echo "DB statements: valid key (b1+b2) $stmts_b ($(per100k "$stmts_b" "$((TOTAL[b1] + TOTAL[b2]))") per 100k requests),"\
       "unknown keys (c) ${STMTS[c]} ($(per100k "${STMTS[c]}" "${TOTAL[c]}") per 100k),"\
       "malformed keys (d) $stmts_d ($(per100k "$stmts_d" "${TOTAL[d]}") per 100k), idle $IDLE_STMTS"
  echo "  valid key (b1+b2): $finds_b key reads (background re-reads before the cache TTL; no request waits),"\
       "$touches_b batched last_used_at writes (key.touch, one per ${flush_ms} ms while the key is in use),"\
       "$background_b timers, $others_b other statements"
  if [ "$IDLE_STMTS" -gt 0 ]; then
    echo "  statements while idle are background work (timers) and can appear in any phase"
  fi
  echo "server log lines with WARN/ERROR/Exception: $SERVER_WARNINGS"
  if [ "$SERVER_WARNINGS" -gt 0 ]; then
    grep -E '(WARN|ERROR|Exception)' "$SERVER_LOG" | sed -E 's/^[^ ]+ +//; s/\[[^]]*\] //; s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/<time>/g' \
      | sort | uniq -c | sort -rn | head -n 5 | cut -c1-240 | sed 's/^/  /'
  fi
  echo "load average: $LOAD_BEFORE before the run, $(cut -d' ' -f1-3 /proc/loadavg) after"
  noisy=""
  for id in "${PHASES[@]}"; do
    read -r _ _ c_other <<<"${CPU[$id]}"
    if awk -v o="$c_other" 'BEGIN { exit !(o > 0.15) }'; then noisy="$noisy $id($c_other)"; fi
  done
  [ -z "$noisy" ] || echo "WARNING: other processes used CPU during phases$noisy (cores): those numbers are skewed; run again on a quiet machine"
  echo
  echo "targets:"
  printf '  %-4s %-46s %s\n' "$v_ratio" "ratio of the averages >= $TARGET_RATIO" "($ratio_avg)"
  printf '  %-4s %-46s %s\n' "$v_p99" "added p99 < $TARGET_ADDED_P99_MS ms at moderate load" "($added_p99_moderate ms)"
  printf '  %-4s %-46s %s\n' "$v_b" "0 DB queries per request with the valid key" \
    "(b1+b2: ${TOTAL[b1]}+${TOTAL[b2]} requests; key reads $finds_b, all background re-reads, at most $find_budget; other statements $others_b)"
  printf '  %-4s %-46s %s\n' "$v_touch" "last_used_at written in batches, not per request" \
    "($touches_b writes for $((TOTAL[b1] + TOTAL[b2])) requests; at most one per flush interval: $flush_budget)"
  printf '  %-4s %-46s %s\n' "$v_d" "0 DB statements with malformed keys (d)" "($stmts_d: ${OPS[d]}; idle: $IDLE_STMTS)"
  printf '  %-4s %-46s %s\n' "$v_status" "every response had the expected status" "($bad_total unexpected)"
  if [ "$v_ratio$v_p99$v_b$v_touch$v_d$v_status" = "PASSPASSPASSPASSPASSPASS" ]; then
    echo "RESULT: PASS"
  else
    echo "RESULT: FAIL (see the FAIL lines above)"
  fi
} >"$SUMMARY"

echo
cat "$SUMMARY"

if [ -n "$RESULTS" ]; then
  mkdir -p "$(dirname "$RESULTS")"
  { cat "$SUMMARY"; echo; echo "---- raw wrk output ----"; cat "$WORK/raw.txt"; } >"$RESULTS"
  cp "$SERVER_LOG" "${RESULTS%.txt}-server.log"
  log "summary written to ${RESULTS#"$root"/}, the server log to $(r="${RESULTS%.txt}-server.log"; echo "${r#"$root"/}")"
fi
exit 0

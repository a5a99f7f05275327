#!/usr/bin/env bash
# Talon on a cluster: requests per second of one node versus two nodes on this machine (same run),
# and how long a key revoked on node 1 stays usable on node 2. Run from anywhere: bench/cluster.sh
# Knobs: BENCH_DURATION (s per phase, default 10), BENCH_PG_URI (default postgresql://postgres@127.0.0.1:5432),
# BENCH_TRIALS (revocations timed, default 5). Needs wrk (installed with apt-get when missing), curl, psql.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

DURATION="${BENCH_DURATION:-10}"
TRIALS="${BENCH_TRIALS:-5}"
PG_URI="${BENCH_PG_URI:-postgresql://postgres@127.0.0.1:5432}"
log() { printf '[cluster-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v wrk >/dev/null 2>&1 || { log "installing wrk"; apt-get update -qq >&2; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2; }
for tool in curl psql java; do command -v "$tool" >/dev/null 2>&1 || die "$tool is required"; done

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
P1=18380; while port_busy "$P1" || port_busy $((P1 + 1)); do P1=$((P1 + 2)); done
P2=$((P1 + 1))
DB_NAME="talon_cbench_$(date +%Y%m%d%H%M%S)_$$"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/talon-cbench.XXXXXX")"
export TALON_DB_URI="$PG_URI/$DB_NAME" TALON_SECRET="$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 48)"
export TALON_CLUSTER_NAME="talon-bench-$$" TALON_CLUSTER_INTERFACE=127.0.0.1 TALON_CLUSTER_BUS_HOST=127.0.0.1
export TALON_RATE_LIMIT_CLIENT=100000000 TALON_RATE_LIMIT_APPLICATION=100000000
PIDS=()

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql "$PG_URI/postgres" -qtAc "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null 2>&1 || log "drop $DB_NAME by hand"
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

./talon --help >/dev/null   # builds the jar once, before any node starts

start_node() { # start_node PORT
  ./talon serve --cluster --port "$1" >"$WORK/node-$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 90); do
    curl -sf "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0
    sleep 1
  done
  cat "$WORK/node-$1.log" >&2
  die "node on port $1 did not start"
}
rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"; }

log "node 1 on port $P1 (database $DB_NAME)"
start_node "$P1"
./talon user:make --email bench@example.com --username bench --password bench-password --admin >/dev/null
KEY="$(./talon key:make --user bench --type client --description bench)"
H="Authorization: Bearer $KEY"

log "one node: warm-up, then ${DURATION}s at 64 connections"
wrk -t2 -c64 -d5s -H "$H" "http://127.0.0.1:$P1/api/client/account" >/dev/null
wrk -t2 -c64 -d"${DURATION}s" -H "$H" "http://127.0.0.1:$P1/api/client/account" >"$WORK/one.txt"
ONE="$(rps "$WORK/one.txt")"

log "node 2 on port $P2 joins"
start_node "$P2"
wrk -t1 -c32 -d5s -H "$H" "http://127.0.0.1:$P2/api/client/account" >/dev/null
log "two nodes: ${DURATION}s, 32 connections on each"
wrk -t1 -c32 -d"${DURATION}s" -H "$H" "http://127.0.0.1:$P1/api/client/account" >"$WORK/two-a.txt" &
W1=$!
wrk -t1 -c32 -d"${DURATION}s" -H "$H" "http://127.0.0.1:$P2/api/client/account" >"$WORK/two-b.txt"
wait "$W1"
TWO_A="$(rps "$WORK/two-a.txt")"; TWO_B="$(rps "$WORK/two-b.txt")"; TWO=$((TWO_A + TWO_B))

log "revocation across nodes: $TRIALS keys revoked on node 1, polled on node 2"
DELAYS=()
for _ in $(seq 1 "$TRIALS"); do
  K="$(./talon key:make --user bench --type client --description revoke-me)"
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $K" "http://127.0.0.1:$P2/api/client/account")" = 200 ] \
    || die "a fresh key was refused on node 2"
  code="$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "$H" "http://127.0.0.1:$P1/api/client/account/api-keys/${K:0:21}")"
  [ "$code" = 204 ] || die "revocation on node 1 answered $code"
  t0="$(date +%s%N)"
  while [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $K" "http://127.0.0.1:$P2/api/client/account")" != 401 ]; do
    [ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 5000 ] || die "node 2 still accepts a key revoked 5 s ago"
  done
  DELAYS+=($(( ($(date +%s%N) - t0) / 1000000 )))
done
SORTED="$(printf '%s\n' "${DELAYS[@]}" | sort -n | tr '\n' ' ')"
MEDIAN="$(printf '%s\n' "${DELAYS[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"

echo
echo "Talon cluster benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores (wrk and both nodes share them)"
printf '%-44s %10s\n' "setup" "req/s"
printf '%-44s %10s\n' "one node (GET /api/client/account, cached key)" "$ONE"
printf '%-44s %10s\n' "two nodes, same run (node 1 + node 2)" "$TWO ($TWO_A + $TWO_B)"
echo "ratio two/one: $(awk -v a="$TWO" -v b="$ONE" 'BEGIN { printf "%.2f", a / b }') (on one shared machine more nodes only split the same cores)"
echo "revocation on node 1 refused by node 2 after (ms, includes one curl round trip of polling): $SORTED; median $MEDIAN ms"
if [ "$MEDIAN" -lt 100 ]; then echo "PASS median cross-node revocation under 100 ms"; else echo "FAIL median cross-node revocation under 100 ms"; fi

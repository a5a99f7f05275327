#!/usr/bin/env bash
# A newcomer's first run, with the real ./talon and the seed's own curl command: no TALON_SECRET, so
# the first `serve` generates the server secret and keeps it in a file; `./talon user:make` and
# `./talon key:make` make an admin and keys that work at once with the seed's headers; a restart keeps
# every key valid (the secret is read back from the file); `./talon key:revoke` ends a key on the
# running server at its very next request. The first mismatch stops the script with exit status 1.
#
#   examples/first-run.sh
#
# Runs on a fresh database (dropped at the end) and a temporary secret file. Needs bash, curl, jq,
# psql and java. PRIVATE_PG_URI: the PostgreSQL server (default postgresql://postgres@127.0.0.1:5432).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { printf 'first run FAILED: %s\n' "$*" >&2; [ -z "${WORK:-}" ] || tail -n 20 "$WORK/server.log" >&2 2>/dev/null || true; exit 1; }
for tool in curl jq; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is required"
done

# shellcheck source=examples/private-talon.sh
. "$here/private-talon.sh"
unset TALON_SECRET

say "Building (when needed) and starting ./talon serve, without TALON_SECRET"
private_talon_prepare first
export TALON_SECRET_FILE="$WORK/var/talon.secret"
private_talon_start

# seed KEY METHOD URL: the seed's curl command, headers as the seed writes them; the status in $STATUS,
# the body in $WORK/body
seed() {
  STATUS="$(curl -sS -o "$WORK/body" -w '%{http_code}' -X "$2" "$3" \
    -H "Accept: application/json" \
    -H "Content-Type: application/json" \
    -H "Authorization: Bearer $1")"
}
expect() { # expect STATUS WHAT
  [ "$STATUS" = "$1" ] || die "$2: expected $1, got $STATUS: $(head -c 400 "$WORK/body")"
  printf '   %s -> %s\n' "$2" "$STATUS"
}

[ -s "$TALON_SECRET_FILE" ] || die "the first serve did not keep a secret in $TALON_SECRET_FILE"
[ "$(stat -c %a "$TALON_SECRET_FILE")" = "600" ] || die "the secret file is readable by others: $(stat -c %a "$TALON_SECRET_FILE")"
echo "   secret generated in the file, mode 600"
secret_before="$(cat "$TALON_SECRET_FILE")"

say "./talon user:make --admin, ./talon key:make (application and client)"
"$root/talon" user:make --admin --username admin --email admin@example.com --first-name Ada --last-name Admin \
  --password 'correct horse battery staple' >/dev/null 2>>"$WORK/cli.log" || { cat "$WORK/cli.log" >&2; die "user:make failed"; }
APP_KEY="$("$root/talon" key:make --user admin --type application --description 'first run' --permissions users=1 \
  2>>"$WORK/cli.log")" || { cat "$WORK/cli.log" >&2; die "key:make (application) failed"; }
CLIENT_KEY="$("$root/talon" key:make --user admin --type client --description 'first run client' \
  2>>"$WORK/cli.log")" || { cat "$WORK/cli.log" >&2; die "key:make (client) failed"; }
[[ "$APP_KEY" =~ ^ptla_[A-Za-z0-9]{48}$ ]] || die "key:make did not print one application key on stdout"
[[ "$CLIENT_KEY" =~ ^ptlc_[A-Za-z0-9]{48}$ ]] || die "key:make did not print one client key on stdout"
echo "   ${APP_KEY:0:21}... and ${CLIENT_KEY:0:21}..."
grep -qF "${APP_KEY:21}" "$WORK/server.log" "$WORK/cli.log" && die "a token reached a log"

say "The seed's curl, at once"
seed "$APP_KEY" GET "$BASE/api/application/users"
expect 200 "GET /api/application/users with the application key"
[ "$(jq -r '.object + " " + .data[0].attributes.username' "$WORK/body")" = "list admin" ] || die "unexpected list: $(cat "$WORK/body")"
seed "$APP_KEY" DELETE "$BASE/api/application/users/1"
expect 403 "DELETE /api/application/users/1 with users=1 (read only)"
seed "$CLIENT_KEY" GET "$BASE/api/client/account"
expect 200 "GET /api/client/account with the client key"
[ "$(jq -r '.attributes.username' "$WORK/body")" = "admin" ] || die "unexpected account: $(cat "$WORK/body")"
seed "$APP_KEY" GET "$BASE/api/client/account"
expect 403 "GET /api/client/account with the application key"

say "A restart keeps every key valid"
private_talon_stop
private_talon_start
[ "$(cat "$TALON_SECRET_FILE")" = "$secret_before" ] || die "the restart replaced the secret"
seed "$APP_KEY" GET "$BASE/api/application/users"
expect 200 "application key after the restart"
seed "$CLIENT_KEY" GET "$BASE/api/client/account"
expect 200 "client key after the restart"

say "./talon key:revoke ends a key on the running server (another process: told by the database within 100 ms)"
"$root/talon" key:revoke "${CLIENT_KEY:0:21}" >/dev/null 2>>"$WORK/cli.log" || { cat "$WORK/cli.log" >&2; die "key:revoke failed"; }
revoked_at="$(date +%s%N)"
for _ in $(seq 1 100); do
  seed "$CLIENT_KEY" GET "$BASE/api/client/account"
  [ "$STATUS" = 200 ] || break
  [ $(( ($(date +%s%N) - revoked_at) / 1000000 )) -lt 100 ] || break
  sleep 0.01
done
expect 401 "the revoked client key, $(( ($(date +%s%N) - revoked_at) / 1000000 )) ms after key:revoke returned"
seed "$APP_KEY" GET "$BASE/api/application/users"
expect 200 "the other key"

say "Done: a first run works as the README tells it"

#!/usr/bin/env bash
# The seed's story on a fresh install, with curl: an admin and an application key, a location, a node,
# allocations, then the seed's server-creation body verbatim, then the server listed. Every response
# is checked against Pterodactyl's shapes (status, object names, attribute names); the first mismatch
# stops the script with a message and exit status 1.
#
#   examples/seed-walkthrough.sh            start a private Talon on a fresh database (dropped at the end)
#   TALON_URL=http://127.0.0.1:8080 TALON_APP_KEY=ptla_... examples/seed-walkthrough.sh
#                                            walk a running, FRESH install (ids 1 are assumed, as in the seed)
#
# Needs bash, curl and jq (and psql and java for the private server). PRIVATE_PG_URI: the PostgreSQL server
# for the private run (default postgresql://postgres@127.0.0.1:5432).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { printf 'walkthrough FAILED: %s\n' "$*" >&2; exit 1; }
for tool in curl jq; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is required (apt-get install -y $tool)"
done

# shellcheck source=examples/private-talon.sh
. "$here/private-talon.sh"

if [ -z "${TALON_URL:-}" ]; then
  TALON_SECRET="$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 48)"
  export TALON_SECRET
  say "Starting a private Talon with a fresh database"
  private_talon_prepare walk
  private_talon_start
  TALON_URL="$BASE"

  say "./talon user:make --admin (the first user: id 1)"
  "$root/talon" user:make --admin --username admin --email admin@example.com --first-name Ada \
    --last-name Admin --password 'correct horse battery staple' 2>>"$WORK/build.log" \
    || { cat "$WORK/build.log" >&2; die "user:make failed"; }
  say "./talon key:make --type application --permissions all=3"
  TALON_APP_KEY="$("$root/talon" key:make --user admin --type application --description 'seed walkthrough' \
    --permissions all=3 2>>"$WORK/build.log")" || { cat "$WORK/build.log" >&2; die "key:make failed"; }
fi
[ -n "${TALON_APP_KEY:-}" ] || die "TALON_APP_KEY is empty"
BASE="${TALON_URL%/}/api/application"

# call METHOD PATH [BODY]: shows the request and the response; the body in $BODY, the status in $STATUS
call() {
  local method="$1" path="$2" body="${3:-}"
  local args=(-sS -X "$method" -H "Authorization: Bearer $TALON_APP_KEY" -H "Accept: application/json"
    -o "$RESPONSE" -w '%{http_code}')
  if [ -n "$body" ]; then
    args+=(-H "Content-Type: application/json" --data "$body")
  fi
  printf '$ curl -X %s %s%s\n' "$method" "$BASE" "$path" >&2
  STATUS="$(curl "${args[@]}" "$BASE$path")"
  BODY="$(cat "$RESPONSE")"
  if [ -n "$BODY" ]; then
    jq -C . <<<"$BODY" >&2 2>/dev/null || printf '%s\n' "$BODY" >&2
  fi
}
RESPONSE="$(mktemp)"
expect_status() { [ "$STATUS" = "$1" ] || die "expected HTTP $1, got $STATUS"; }
# expect JSON JQ-EXPRESSION DESCRIPTION: the expression must yield true
expect() { jq -e "$2" >/dev/null <<<"$1" || die "$3"; }
# the attribute names of an item, in order, must be exactly these
expect_keys() {
  local got
  got="$(jq -c "$2 | keys_unsorted" <<<"$1")"
  [ "$got" = "$3" ] || die "$2 has keys $got, expected $3"
}

USER_KEYS='["id","external_id","uuid","username","email","first_name","last_name","language","root_admin","2fa","created_at","updated_at"]'
LOCATION_KEYS='["id","short","long","updated_at","created_at"]'
NODE_KEYS='["id","uuid","public","name","description","location_id","fqdn","scheme","behind_proxy","maintenance_mode","memory","memory_overallocate","disk","disk_overallocate","upload_size","daemon_listen","daemon_sftp","daemon_base","created_at","updated_at","allocated_resources"]'
ALLOCATION_KEYS='["id","ip","alias","port","notes","assigned"]'
SERVER_KEYS='["id","external_id","uuid","identifier","name","description","status","suspended","limits","feature_limits","user","node","allocation","nest","egg","container","updated_at","created_at"]'
PAGINATION='.meta.pagination | (has("total") and has("count") and has("per_page") and has("current_page") and has("total_pages") and (.links | type == "object"))'

say "The admin, seen through the application key"
call GET /users
users="$BODY"
expect_status 200
expect "$users" '.object == "list" and (.data[0].object == "user")' "users is not a list of user objects"
expect "$users" "$PAGINATION" "users has no pagination meta"
expect_keys "$users" '.data[0].attributes' "$USER_KEYS"
expect "$users" '.data[0].attributes.id == 1 and .data[0].attributes.root_admin == true' "user 1 is not the admin"

say "A location"
call POST /locations '{"short":"eu-west","long":"Western Europe"}'
location="$BODY"
expect_status 201
expect "$location" '.object == "location" and (.meta.resource | test("/api/application/locations/[0-9]+$"))' \
  "location is not created in Pterodactyl's shape"
expect_keys "$location" '.attributes' "$LOCATION_KEYS"
LOCATION_ID="$(jq -r .attributes.id <<<"$location")"

say "A node in it"
call POST /nodes "{\"name\":\"node-1\",\"location_id\":$LOCATION_ID,\"fqdn\":\"node1.example.com\",\"scheme\":\"https\",\"memory\":16384,\"memory_overallocate\":0,\"disk\":102400,\"disk_overallocate\":0,\"upload_size\":100,\"daemon_listen\":8080,\"daemon_sftp\":2022}"
node="$BODY"
expect_status 201
expect "$node" '.object == "node" and .attributes.location_id == '"$LOCATION_ID" "node is not created in its location"
expect_keys "$node" '.attributes' "$NODE_KEYS"
NODE_ID="$(jq -r .attributes.id <<<"$node")"

say "Allocations on the node: one port and a range"
call POST "/nodes/$NODE_ID/allocations" '{"ip":"127.0.0.1","ports":["25565","25566-25570"]}'
expect_status 204
call GET "/nodes/$NODE_ID/allocations"
allocations="$BODY"
expect_status 200
expect "$allocations" '.object == "list" and (.data | length) == 6 and .data[0].object == "allocation"' \
  "the node does not hold 6 allocations"
expect_keys "$allocations" '.data[0].attributes' "$ALLOCATION_KEYS"
expect "$allocations" '[.data[] | select(.attributes.id == 1 and .attributes.port == 25565 and .attributes.assigned == false)] | length == 1' \
  "allocation 1 is not 127.0.0.1:25565, unassigned"

say "The egg the seed names: egg 1"
call GET "/nests/1/eggs/1?include=variables"
egg="$BODY"
expect_status 200
expect "$egg" '.object == "egg" and .attributes.id == 1 and (.attributes.relationships.variables.data | length) > 0' \
  "egg 1 is missing or has no variables"

say "The seed's server creation, verbatim"
call POST /servers '{
"name": "My Game Server",
"user": 1,
"egg": 1,
"docker_image": "quay.io/pterodactyl/core:java",
"startup": "java -Xms128M -Xmx1024M -jar server.jar",
"environment": {},
"limits": {
"memory": 1024,
"swap": 0,
"disk": 5120,
"io": 500,
"cpu": 100
},
"feature_limits": {
"databases": 1,
"backups": 1
},
"allocation": {
"default": 1
}
}'
server="$BODY"
expect_status 201
expect "$server" '.object == "server" and (has("meta") | not)' "the server is not created in Pterodactyl's shape"
expect_keys "$server" '.attributes' "$SERVER_KEYS"
expect "$server" '.attributes as $a | $a.status == "installing" and ($a.identifier | length) == 8
  and ($a.uuid | startswith($a.identifier))' "the server has no identifier or is not installing"
expect "$server" '.attributes.user == 1 and .attributes.egg == 1 and .attributes.allocation == 1 and .attributes.node == '"$NODE_ID" \
  "the server does not hold user 1, egg 1, allocation 1 on the node"
expect "$server" '.attributes.container.environment | (to_entries | map(select(.value == null or .value == "")) | length == 0)' \
  "an egg variable was left without its default"
SERVER_ID="$(jq -r .attributes.id <<<"$server")"

say "The server, listed"
call GET "/servers?include=allocations,egg,node,location,user"
servers="$BODY"
expect_status 200
expect "$servers" "$PAGINATION" "servers has no pagination meta"
expect "$servers" '[.data[] | select(.attributes.id == '"$SERVER_ID"' and .attributes.name == "My Game Server")] | length == 1' \
  "the new server is not listed"
expect "$servers" '.data[0].attributes.relationships | (.allocations.object == "list" and .egg.object == "egg"
  and .node.object == "node" and .location.object == "location" and .user.object == "user")' \
  "the listed server does not carry its relationships"
call GET "/nodes/$NODE_ID/allocations?filter%5Bserver_id%5D=$SERVER_ID"
allocation="$BODY"
expect "$allocation" '.data[0].attributes.id == 1 and .data[0].attributes.assigned == true' "allocation 1 is not assigned"

say "Done: the seed's story works on this install"

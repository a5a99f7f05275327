#!/usr/bin/env bash
# Runs Talon: ./talon serve | migrate | user:make | key:make | key:revoke  (--help on each).
# Builds the jar first when it is missing or older than the sources.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/launcher/target/talon.jar"
export TALON_HOME="${TALON_HOME:-$here}"

if [ ! -f "$jar" ] || [ -n "$(find "$here" -path "$here/*/target" -prune -o \( -name '*.java' -o -name 'pom.xml' -o -name '*.sql' -o -path "$here/conf/*" \) -newer "$jar" -print -quit)" ]; then
  echo "talon: building the jar (mvn package)..." >&2
  (cd "$here" && mvn -B -q -DskipTests package >&2)
fi

exec java ${TALON_JAVA_OPTS:-} -jar "$jar" "$@"

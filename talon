#!/usr/bin/env bash
# Runs Talon: ./talon serve | migrate | user:make | key:make | key:revoke  (--help on each).
# Builds the jar first when it is missing or older than the sources. Several ./talon started at
# once (a cluster on one machine) wait for one build; each runs its own copy of the jar, so a
# rebuild never pulls the jar from under a running node.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/launcher/target/talon.jar"
export TALON_HOME="${TALON_HOME:-$here}"
mkdir -p "$here/var/jars"

stale() {
  [ ! -f "$jar" ] || [ -n "$(find "$here" -path "$here/*/target" -prune -o -path "$here/var" -prune -o \
    \( -path '*/src/main/*' -o -name 'pom.xml' -o -path "$here/conf/*" \) -type f -newer "$jar" -print -quit)" ]
}

(
  flock 9
  if stale; then
    echo "talon: building the jar (mvn package)..." >&2
    (cd "$here" && mvn -B -q -DskipTests package >&2)
  fi
) 9>"$here/var/jars/.build.lock"

run="$here/var/jars/talon-$(stat -c %Y "$jar").jar"
if [ ! -f "$run" ]; then
  cp "$jar" "$run.tmp.$$" && mv "$run.tmp.$$" "$run"
  # keep the three newest copies (a running JVM keeps its open copy even when the file is removed)
  ls -t "$here"/var/jars/talon-*.jar 2>/dev/null | tail -n +4 | xargs -r rm -f
fi

exec java ${TALON_JAVA_OPTS:-} -jar "$run" "$@"

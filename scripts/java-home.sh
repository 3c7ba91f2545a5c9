# Sourced by ./coffer, ./scripts/test and bench/run: points JAVA_HOME at a JDK 25 or newer.
# Order: JAVA_HOME if it is 25+, else the newest JDK 25+ under /usr/lib/jvm, else fail with what was found.

coffer_java_major() {  # prints the major version of the JDK at $1, or nothing
  local release="$1/release"
  [ -x "$1/bin/java" ] && [ -f "$release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

coffer_find_java() {
  local found="" best="" best_major=0 dir major
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(coffer_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then return 0; fi
    found="JAVA_HOME=$JAVA_HOME (version ${major:-unknown})"
  fi
  for dir in /usr/lib/jvm/*; do
    [ -d "$dir" ] || continue
    major=$(coffer_java_major "$dir")
    [ -n "$major" ] || continue
    found="$found${found:+, }$dir ($major)"
    if [ "$major" -ge 25 ] && [ "$major" -gt "$best_major" ]; then best="$dir"; best_major="$major"; fi
  done
  if [ -z "$best" ]; then
    echo "coffer: needs a JDK 25 or newer and found none." >&2
    echo "  looked at: ${found:-nothing (JAVA_HOME unset, no JDK under /usr/lib/jvm)}" >&2
    echo "  install one (for example the Temurin 25 JDK) under /usr/lib/jvm, or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

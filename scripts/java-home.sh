#!/usr/bin/env bash
# Sourced by ./marquee and .ci/run: exports JAVA_HOME pointing at a JDK >= 21 (Marquee targets Java 21 and is
# built and tested on Temurin 25). Prefers an already suitable JAVA_HOME, then `java` on the PATH, then /usr/lib/jvm.

marquee_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}

marquee_select_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" \
                   "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
                   /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(marquee_java_major "$candidate")"
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "Marquee needs a JDK 21 or newer; set JAVA_HOME to one (e.g. /usr/lib/jvm/temurin-25-jdk-amd64)." >&2
  return 1
}

marquee_select_jdk

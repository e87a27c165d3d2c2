#!/usr/bin/env bash
# Runs a module's benchmark class (test scope) on Java 25: compiles the module with Maven (no install; MVN may wrap
# it, e.g. MVN="mvn-slot mvn") and executes CLASS with the module's test classpath. The modules' bench/run.sh use it.
# Usage: bench/java.sh MODULE CLASS [JVM OPTION...] -- [ARG...]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODULE="$1"; CLASS="$2"; shift 2
jvm=()
while (( $# )) && [[ "$1" != -- ]]; do jvm+=("$1"); shift; done
(( $# )) && shift
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
read -r -a mvn <<< "${MVN:-mvn}"
(cd "$ROOT" && "${mvn[@]}" -B -q test-compile dependency:build-classpath -pl "$MODULE" -am \
    -Dmdep.outputFile="$ROOT/$MODULE/target/bench.classpath" -Dmdep.includeScope=test)
classes="$ROOT/$MODULE/target/test-classes:$ROOT/$MODULE/target/classes"
exec java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow "${jvm[@]}" \
    -cp "$classes:$(cat "$ROOT/$MODULE/target/bench.classpath")" "$CLASS" "$@"

#!/usr/bin/env bash
# Benchmark (not a test): warm per-run latency p50/p99 and runs/s of an on_success script through the child
# sandboxes, beside the bare engine for the same script. Usage: bench/run.sh [RUNS_PER_CALLER] [CALLERS]
# Builds the module's classes offline-capable with Maven (no install), then runs the benchmark class.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
(cd "$ROOT" && mvn -B -q test-compile dependency:build-classpath -pl onsuccess-runner -am \
    -Dmdep.outputFile="$HERE/target/bench.classpath" -Dmdep.includeScope=test)
exec java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -cp "$HERE/target/test-classes:$HERE/target/classes:$(cat "$HERE/target/bench.classpath")" \
    dev.upshot.onsuccess.service.SandboxBenchmark "$@"

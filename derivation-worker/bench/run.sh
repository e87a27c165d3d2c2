#!/usr/bin/env bash
# Benchmark (not a test): a generated 12 MP JPEG, and the same photo as HEIC, → 300 px wide JPEG thumbnail, warm, one
# at a time, through the derivation worker's Renderer and through npm sharp 0.35.5 (libvips) on the same files, in
# the same run (bench/sharp-thumbnail.sh).
# Usage: bench/run.sh [RUNS]   (default 15). sharp is installed into a temp folder from the npm registry.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
RUNS="${1:-15}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/upshot-derive-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
PHOTO="$WORK/photo-12mp.jpg"

(cd "$ROOT" && mvn -B -q test-compile dependency:build-classpath -pl derivation-worker -am \
    -Dmdep.outputFile="$HERE/target/bench.classpath" -Dmdep.includeScope=test)
java --enable-native-access=ALL-UNNAMED -Xmx512m \
    -cp "$HERE/target/test-classes:$HERE/target/classes:$(cat "$HERE/target/bench.classpath")" \
    dev.upshot.derivation.service.ThumbnailBenchmark "$PHOTO" "$RUNS"
echo "photo: $(stat -c %s "$PHOTO") bytes JPEG, $(stat -c %s "$WORK/photo-12mp.heic") bytes HEIC, 4000x3000"

# sharp's prebuilt libvips reads AVIF but not HEVC: its HEIC line says so
"$ROOT/bench/sharp-thumbnail.sh" "$RUNS" "$PHOTO" "$WORK/photo-12mp.heic"

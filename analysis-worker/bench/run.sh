#!/usr/bin/env bash
# Per-analysis cost (p50 ms) of the pixel analyses on a generated 12 MP JPEG and 1 MP PNG, beside a plain full
# ImageIO decode + 300 px thumbnail of the same files, measured in the same run. Not a test.
# Usage: analysis-worker/bench/run.sh   (set MVN to wrap Maven, e.g. MVN="/work/bin/mvnslot mvn")
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[ -n "${JAVA_HOME:-}" ] && export PATH="$JAVA_HOME/bin:$PATH"
read -r -a mvn <<< "${MVN:-mvn}"
"${mvn[@]}" -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -Dmdep.includeScope=test -pl analysis-worker -am
w=analysis-worker
# the worker's heap in tests: the analyses must fit in it even for the 12 MP image
java -Xmx512m -cp "$w/target/test-classes:$w/target/classes:$(cat $w/target/classpath.txt)" \
  dev.upshot.analysis.bench.PixelBenchmark

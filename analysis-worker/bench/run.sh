#!/usr/bin/env bash
# Per-analysis cost (p50 ms) of the pixel analyses on a generated 12 MP JPEG, the same photo as HEIC and a 1 MP PNG,
# beside a libvips decode to a 300 px thumbnail and npm sharp's 300 px JPEG thumbnail of the same files
# (bench/sharp-thumbnail.sh), measured in the same run. Not a test. Target: "all five" on the 12 MP JPEG within 3x
# sharp's thumbnail time.
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
photos="$(mktemp -d "${TMPDIR:-/tmp}/upshot-pixel-bench.XXXXXX")"
trap 'rm -rf "$photos"' EXIT
java --enable-native-access=ALL-UNNAMED -Xmx512m \
  -cp "$w/target/test-classes:$w/target/classes:$(cat $w/target/classpath.txt)" \
  dev.upshot.analysis.bench.PixelBenchmark "$photos"
bench/sharp-thumbnail.sh 15 "$photos/12mp.jpg" "$photos/12mp.heic"

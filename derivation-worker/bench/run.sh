#!/usr/bin/env bash
# Benchmark (not a test): a generated 12 MP JPEG → 300 px wide JPEG thumbnail, warm, one at a time, through the
# derivation worker's Renderer and through npm sharp 0.35.5 (libvips) on the same file, in the same run.
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
echo "photo: $(stat -c %s "$PHOTO") bytes, 4000x3000"

(cd "$WORK" && npm install --silent --no-audit --no-fund --prefix "$WORK" sharp@0.35.5 >/dev/null)
cat >"$WORK/bench.js" <<'JS'
const sharp = require('sharp');
const [photo, runs] = [process.argv[2], Number(process.argv[3])];
const thumb = () => sharp(photo).resize({ width: 300 }).jpeg({ quality: 80 }).toBuffer({ resolveWithObject: true });
(async () => {
  for (let i = 0; i < 3; i++) await thumb();
  const ms = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    last = await thumb();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  console.log(`sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}, ${sharp.concurrency()} threads): `
    + `${last.info.width}x${last.info.height}, ${last.info.size} bytes; median ${ms[runs >> 1].toFixed(1)} ms, `
    + `min ${ms[0].toFixed(1)} ms, max ${ms[runs - 1].toFixed(1)} ms over ${runs} warm runs`);
})();
JS
NODE_PATH="$WORK/node_modules" node "$WORK/bench.js" "$PHOTO" "$RUNS"

#!/usr/bin/env bash
# Baseline for the module benchmarks: npm sharp 0.35.5 (libvips) makes a 300 px wide JPEG thumbnail (q 80) of each
# PHOTO, warm, one at a time, and prints the median. sharp is installed into a temporary folder from the npm registry.
# Usage: bench/sharp-thumbnail.sh RUNS PHOTO...
set -euo pipefail
RUNS="$1"
shift
WORK="$(mktemp -d "${TMPDIR:-/tmp}/upshot-sharp.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm install --silent --no-audit --no-fund --prefix "$WORK" sharp@0.35.5 >/dev/null)
cat >"$WORK/bench.js" <<'JS'
const sharp = require('sharp');
const runs = Number(process.argv[2]);
const time = async photo => {
  const thumb = () => sharp(photo).resize({ width: 300 }).jpeg({ quality: 80 }).toBuffer({ resolveWithObject: true });
  for (let i = 0; i < 3; i++) await thumb();
  const ms = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    last = await thumb();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  console.log(`sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}, ${sharp.concurrency()} threads), `
    + `${require('path').basename(photo)}: ${last.info.width}x${last.info.height}, ${last.info.size} bytes; `
    + `median ${ms[runs >> 1].toFixed(1)} ms, min ${ms[0].toFixed(1)} ms, max ${ms[runs - 1].toFixed(1)} ms `
    + `over ${runs} warm runs`);
};
(async () => {
  for (const photo of process.argv.slice(3)) {
    await time(photo).catch(e => console.log(`sharp, ${require('path').basename(photo)}: ${e.message}`));
  }
})();
JS
NODE_PATH="$WORK/node_modules" node "$WORK/bench.js" "$RUNS" "$@"

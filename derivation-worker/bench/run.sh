#!/usr/bin/env bash
# Benchmark (not a test): a generated 12 MP JPEG, and the same photo as HEIC, → 300 px wide JPEG thumbnail, warm, one
# at a time, through the derivation worker's Renderer and through npm sharp 0.35.5 (libvips) on the same files, in
# the same run (bench/sharp-thumbnail.sh).
# Usage: bench/run.sh [RUNS]   (default 15). sharp is installed into a temp folder from the npm registry.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
RUNS="${1:-15}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/upshot-derive-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
PHOTO="$WORK/photo-12mp.jpg"

(cd "$ROOT" && bench/java.sh derivation-worker dev.upshot.derivation.service.ThumbnailBenchmark -Xmx512m -- \
    "$PHOTO" "$RUNS")
echo "photo: $(stat -c %s "$PHOTO") bytes JPEG, $(stat -c %s "$WORK/photo-12mp.heic") bytes HEIC, 4000x3000"

# sharp's prebuilt libvips reads AVIF but not HEVC: its HEIC line says so
"$ROOT/bench/sharp-thumbnail.sh" "$RUNS" "$PHOTO" "$WORK/photo-12mp.heic"

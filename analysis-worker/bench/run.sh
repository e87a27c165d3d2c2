#!/usr/bin/env bash
# Per-analysis cost (p50 ms) of the pixel analyses on a generated 12 MP JPEG, the same photo as HEIC and a 1 MP PNG,
# beside a libvips decode to a 300 px thumbnail and npm sharp's 300 px JPEG thumbnail of the same files
# (bench/sharp-thumbnail.sh), measured in the same run. Not a test. Target: "all five" on the 12 MP JPEG within 3x
# sharp's thumbnail time.
# Usage: analysis-worker/bench/run.sh   (MVN may wrap Maven, e.g. MVN="mvn-slot mvn")
set -euo pipefail
cd "$(dirname "$0")/../.."
# the worker's heap in tests: the analyses must fit in it even for the 12 MP image
photos="$(mktemp -d "${TMPDIR:-/tmp}/upshot-pixel-bench.XXXXXX")"
trap 'rm -rf "$photos"' EXIT
bench/java.sh analysis-worker dev.upshot.analysis.bench.PixelBenchmark -Xmx512m -- "$photos"
bench/sharp-thumbnail.sh 15 "$photos/12mp.jpg" "$photos/12mp.heic"

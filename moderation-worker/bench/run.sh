#!/usr/bin/env bash
# Benchmark (not a test): per-image cost of upshot_nsfw's model (nsfwjs 4.4.0's MobileNetV2 translated to ONNX, on
# ONNX Runtime), p50/p95 over N generated images after 5 warm-up ones, beside nsfwjs itself on the same images in
# the same run (@tensorflow/tfjs 4.22.0, CPU backend: the reference NsfwClassifierTest's scores come from), and the
# largest score difference between the two. nsfwjs and tfjs are installed into a temp folder from the npm registry.
# Usage: moderation-worker/bench/run.sh [N] [THREADS]   (default 30 images, 1 ONNX Runtime thread; on the shared
# machine wrap the whole script in mvn-slot). Fetches the model packages (models/fetch.sh) if needed.
set -euo pipefail
cd "$(dirname "$0")/../.."
models="${UPSHOT_MODELS_DIR:-$PWD/models/target}"
work="$(mktemp -d "${TMPDIR:-/tmp}/upshot-nsfw-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
models/fetch.sh "$models" >/dev/null
bench/java.sh moderation-worker dev.upshot.moderation.model.NsfwBenchmark -Xmx512m -- \
  "$models" "${1:-30}" "${2:-1}" "$work"

npm install --silent --no-audit --no-fund --prefix "$work" nsfwjs@4.4.0 @tensorflow/tfjs@4.22.0 >/dev/null
# the result lines and errors only: tfjs and nsfwjs print advice (a native backend, hosting the model)
NODE_PATH="$work/node_modules" node moderation-worker/bench/nsfwjs.js "$work" 5 2>&1 | grep -e '^nsfwjs' -e '^largest' -e 'rror'

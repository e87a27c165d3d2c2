#!/usr/bin/env bash
# Benchmark (not a test): frame moderation per minute of 720p video as the worker runs it with its defaults (a frame
# every 2 s, at most 30, each scored by nsfwjs's model), beside ffmpeg alone writing the same frames in the same run.
# The clip is made at run time by the Maven ffmpeg (testsrc2 + sine). Fetches the model packages if needed.
# Usage: moderation-worker/bench/frames.sh [RUNS]   (default 5; on the shared machine wrap the whole script in mvn-slot)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
models="${UPSHOT_MODELS_DIR:-$ROOT/models/target}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/upshot-frames-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
"$ROOT/models/fetch.sh" "$models" >/dev/null
"$ROOT/bench/java.sh" moderation-worker dev.upshot.moderation.service.FrameModerationBenchmark -Xmx512m -- \
    "$models" "${1:-5}" "$WORK"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"

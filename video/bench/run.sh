#!/usr/bin/env bash
# Benchmark (not a test): VideoProbe on a minute of 720p H.264+AAC MP4, of 360p WebM and of MP3 (made at run time by
# the Maven ffmpeg from testsrc2/sine), p50/p95, beside a bare ffprobe run of the same file in the same run.
# Usage: video/bench/run.sh [RUNS]   (default 20; on the shared machine wrap the whole script in mvn-slot)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/upshot-probe-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
"$ROOT/bench/java.sh" video dev.upshot.video.ProbeBenchmark -Xmx256m -- "${1:-20}" "$WORK"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"

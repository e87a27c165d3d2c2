#!/usr/bin/env bash
# Process CPU ms per image, by stage (decode, quality_analysis, colors, phash), on the 1 MP photo-like JPEG of
# bench/pipeline.sh's analysis run. Not a test. Usage: analysis-worker/bench/stages.sh [RUNS [WARMUP]] [-- JVM OPTION...]
# (MVN may wrap Maven, e.g. MVN="mvn-slot mvn")
set -euo pipefail
cd "$(dirname "$0")/../.."
args=(); while (( $# )) && [[ "$1" != -- ]]; do args+=("$1"); shift; done
(( $# )) && shift
bench/java.sh analysis-worker dev.upshot.analysis.bench.StageBenchmark -Xmx512m "$@" -- "${args[@]}"

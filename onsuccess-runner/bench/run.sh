#!/usr/bin/env bash
# Benchmark (not a test): warm per-run latency p50/p99 and runs/s of an on_success script through the child
# sandboxes, beside the bare engine for the same script. Usage: bench/run.sh [RUNS_PER_CALLER] [CALLERS]
set -euo pipefail
exec "$(dirname "$0")/../../bench/java.sh" onsuccess-runner dev.upshot.onsuccess.service.SandboxBenchmark -- "$@"

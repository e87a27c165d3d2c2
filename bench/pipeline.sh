#!/usr/bin/env bash
# Pipeline benchmark (not a test), one command against the running stack (./upshot up): prints one table with the
# platform's idle CPU, plain uploads beside raw S3 PUTs of the same bytes (its own baseline, same run), async and
# sync uploads with notification_url at RATE/s for SECONDS (answer and webhook latency, platform CPU per upload; the
# webhook receiver is its own, on loopback), the overhead of a one-line on_success, 20 analysed uploads/s of a 1 MP
# image (sync: the answer waits for the analyses), and RSS per process; then the
# dispatcher beside a bare HTTP client (bench/webhooks.sh).
# Usage: bench/pipeline.sh [RATE=50] [SECONDS=60] [SECTION=all]   (SECTION onsuccess: the on_success rows only;
# analysis: 20 sync uploads/s of a 1 MP image with quality_analysis, colors and phash, for SECONDS;
# plain: plain uploads beside raw PUTs, for profiling; webhooks: the async and sync rows with notification_url
# only; these skip the dispatcher part). BENCH_JAVA_OPTS=-Dbench.clients=N: plain with N clients (default 8)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HOME_DIR="${UPSHOT_HOME:-$ROOT/.upshot}"
RATE="${1:-50}"
SECONDS_="${2:-60}"
SECTION="${3:-all}"
# shellcheck disable=SC1091
source <(grep -E '^UPSHOT_[A-Z0-9_]*PORT=' "$HOME_DIR/run/state.env" | sed 's/^/export /')
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]] && JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
FILE="$(mktemp --suffix=.png)"
trap 'rm -f "$FILE"' EXIT
python3 "$ROOT/bench/noise-png.py" "$FILE"
"$JAVA" ${BENCH_JAVA_OPTS:-} -cp "$ROOT/deploy/local/target/lib/*" "$ROOT/bench/PipelineBench.java" "$HOME_DIR" "${UPSHOT_GATEWAY_PORT:-8080}" \
  "http://127.0.0.1:${UPSHOT_S3_PORT:-9000}" "${UPSHOT_S3_BUCKET:-upshot}" "$RATE" "$SECONDS_" "$FILE" "$SECTION"
[[ "$SECTION" == all ]] || exit 0
echo
"$ROOT/bench/webhooks.sh" 1000 8

#!/usr/bin/env bash
# Benchmark (not a test): webhook deliveries/s and latency p50/p99 through the running dispatcher to a local
# receiver, beside a bare HTTP client posting the same bodies to the same receiver in the same run.
# Needs a running stack with the dispatcher (e.g. UPSHOT_SERVICES=webhook-dispatcher ./upshot up).
# Usage: bench/webhooks.sh [N=2000] [TARGETS=8]. In-flight per target: UPSHOT_WEBHOOKS_PER_TARGET_CONCURRENCY of
# the dispatcher (default 4); the bare client gets TARGETS × that many requests in flight.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HOME_DIR="${UPSHOT_HOME:-$ROOT/.upshot}"
# shellcheck disable=SC1091
source "$HOME_DIR/account.env"
N="${1:-2000}"
TARGETS="${2:-8}"
PER_TARGET="${UPSHOT_WEBHOOKS_PER_TARGET_CONCURRENCY:-4}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
M2="${MAVEN_REPO:-$HOME/.m2/repository}"
KAFKA_JAR="$(ls "$M2"/org/apache/kafka/kafka-clients/*/kafka-clients-*.jar | grep -v -- '-test' | sort -V | tail -1)"
SLF4J_JAR="$(ls "$M2"/org/slf4j/slf4j-api/*/slf4j-api-*.jar | sort -V | tail -1)"
echo "N=$N notifications, $TARGETS targets (receiver paths), $PER_TARGET in flight per target; cloud $UPSHOT_CLOUD_NAME"
exec "$JAVA" -cp "$KAFKA_JAR:$SLF4J_JAR" "$ROOT/bench/WebhookBench.java" \
  "127.0.0.1:${UPSHOT_KAFKA_PORT:-9092}" "$UPSHOT_CLOUD_NAME" "$N" "$TARGETS" "$PER_TARGET"

#!/usr/bin/env bash
# Benchmark (not a test): webhook deliveries/s and latency p50/p99 through the running dispatcher to a local
# receiver, beside bare HTTP clients (Vert.x web client, as the dispatcher uses, and java.net.http) posting the same
# bodies to the same receiver in the same run.
# Needs a running stack with the dispatcher (e.g. UPSHOT_SERVICES=webhook-dispatcher ./upshot up); the clients' jars
# come from the dispatcher's build (webhook-dispatcher/target/quarkus-app).
# Usage: bench/webhooks.sh [N=2000] [TARGETS=8]. In-flight per target: UPSHOT_WEBHOOKS_PER_TARGET_CONCURRENCY of
# the dispatcher (default 4); the bare client gets TARGETS × that many requests in flight.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HOME_DIR="${UPSHOT_HOME:-$ROOT/.upshot}"
# shellcheck disable=SC1091
source "$HOME_DIR/account.env"
# shellcheck disable=SC1091
source <(grep -E '^UPSHOT_[A-Z0-9_]*PORT=' "$HOME_DIR/run/state.env" | sed 's/^/export /')
N="${1:-2000}"
TARGETS="${2:-8}"
PER_TARGET="${UPSHOT_WEBHOOKS_PER_TARGET_CONCURRENCY:-4}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
LIB="$ROOT/webhook-dispatcher/target/quarkus-app/lib/main"
[[ -d "$LIB" ]] || { echo "build the dispatcher first (mvn -B -pl webhook-dispatcher -am -DskipTests package)" >&2; exit 1; }
CP="$(ls "$LIB"/io.vertx.vertx-core-*.jar "$LIB"/io.vertx.vertx-web-c*.jar "$LIB"/io.vertx.vertx-uri-template-*.jar \
  "$LIB"/io.vertx.vertx-auth-common-*.jar "$LIB"/io.netty.netty-*.jar "$LIB"/org.apache.kafka.kafka-clients-*.jar \
  "$LIB"/org.slf4j.slf4j-api-*.jar "$LIB"/com.fasterxml.jackson.core.jackson-core-*.jar | paste -sd:)"
echo "N=$N notifications, $TARGETS targets (receiver paths), $PER_TARGET in flight per target; cloud $UPSHOT_CLOUD_NAME"
exec "$JAVA" -cp "$CP" "$ROOT/bench/WebhookBench.java" \
  "127.0.0.1:${UPSHOT_KAFKA_PORT:-9092}" "$UPSHOT_CLOUD_NAME" "$N" "$TARGETS" "$PER_TARGET"

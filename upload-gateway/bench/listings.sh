#!/usr/bin/env bash
# Benchmark (not a test): the Admin listings by tag, context, moderation and prefix over 100k assets, a page of 50
# through the HTTP API (p50/p99, following the cursors) beside the same SQL under EXPLAIN ANALYZE for the same pages
# on the same database in the same run, with the indexes each plan used; then the tags listing.
#
# Starts its own throw-away stack with ./upshot (home $ROOT/.upshot-bench-listings, the gateway alone beside Kafka,
# PostgreSQL and the S3 store, on ports 38080, 39092, 39093, 35433, 39000 unless UPSHOT_*_PORT say otherwise), inserts
# the assets straight into the gateway's table, runs dev.upshot.gateway.bench.ListingsBenchmark (test scope) through
# bench/java.sh, then stops the stack and deletes its home.
# Usage: upload-gateway/bench/listings.sh [ASSETS=100000] [REQUESTS=200]   (on the shared machine wrap the whole script
# in mvn-slot: it builds the gateway with Maven, then runs the stack and the benchmark)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ASSETS="${1:-100000}"
REQUESTS="${2:-200}"

export UPSHOT_HOME="$ROOT/.upshot-bench-listings"
export UPSHOT_GATEWAY_PORT="${UPSHOT_GATEWAY_PORT:-38080}" UPSHOT_KAFKA_PORT="${UPSHOT_KAFKA_PORT:-39092}"
export UPSHOT_KAFKA_CONTROLLER_PORT="${UPSHOT_KAFKA_CONTROLLER_PORT:-39093}" UPSHOT_PG_PORT="${UPSHOT_PG_PORT:-35433}"
export UPSHOT_S3_PORT="${UPSHOT_S3_PORT:-39000}" UPSHOT_SERVICES=upload-gateway
unset UPSHOT_DB_URL UPSHOT_S3_ENDPOINT UPSHOT_REPLICAS
[[ ! -e "$UPSHOT_HOME" ]] || { echo "listings: $UPSHOT_HOME exists (an earlier run?): ./upshot down, then remove it" >&2; exit 1; }
trap '"$ROOT/upshot" down >/dev/null || true; rm -rf "$UPSHOT_HOME"' EXIT

read -r -a mvn <<< "${MVN:-mvn}"
(cd "$ROOT" && "${mvn[@]}" -B -q -DskipTests package -pl upload-gateway -am)
UPSHOT_SKIP_BUILD=1 "$ROOT/upshot" up >"$UPSHOT_HOME.up.log" 2>&1 || { cat "$UPSHOT_HOME.up.log"; exit 1; }
rm -f "$UPSHOT_HOME.up.log"
source "$UPSHOT_HOME/account.env"
"$ROOT/bench/java.sh" upload-gateway dev.upshot.gateway.bench.ListingsBenchmark -Xmx512m -- \
  "jdbc:postgresql://127.0.0.1:$UPSHOT_PG_PORT/upshot?user=postgres&password=postgres&currentSchema=gateway&prepareThreshold=0" \
  "http://127.0.0.1:$UPSHOT_GATEWAY_PORT" "$UPSHOT_CLOUD_NAME" "$UPSHOT_API_KEY" "$UPSHOT_API_SECRET" "$ASSETS" "$REQUESTS"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"

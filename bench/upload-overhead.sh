#!/usr/bin/env bash
# Benchmark: what a signed upload through the gateway costs beyond the S3 write it must do anyway.
# Baseline (same run, same bytes): a SigV4 PUT of the file straight into the S3 store the gateway uses.
# Needs a running stack (./upshot up). Usage: bench/upload-overhead.sh [N=50] [FILE=generated 100 KiB PNG]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HOME_DIR="${UPSHOT_HOME:-$ROOT/.upshot}"
# shellcheck disable=SC1091
source "$HOME_DIR/account.env"; source "$HOME_DIR/s3.env"
GATEWAY="http://127.0.0.1:${UPSHOT_GATEWAY_PORT:-8080}"
S3="${UPSHOT_S3_ENDPOINT:-http://127.0.0.1:${UPSHOT_S3_PORT:-9000}}"
BUCKET="${UPSHOT_S3_BUCKET:-upshot}"
N="${1:-50}"
FILE="${2:-}"
if [[ -z "$FILE" ]]; then
  FILE="$(mktemp --suffix=.png)"
  python3 "$ROOT/bench/noise-png.py" "$FILE"
fi
SHA256=$(sha256sum "$FILE" | cut -d' ' -f1)
echo "file: $FILE ($(stat -c %s "$FILE") bytes), $N sequential requests each"

upload() {
  local ts sig
  ts=$(date +%s)
  sig=$(printf 'public_id=bench/%s&timestamp=%s%s' "$1" "$ts" "$UPSHOT_API_SECRET" | sha1sum | cut -d' ' -f1)
  curl -sf -o /dev/null -w '%{time_total}\n' -F "file=@$FILE" -F "public_id=bench/$1" -F "timestamp=$ts" \
    -F "api_key=$UPSHOT_API_KEY" -F "signature=$sig" "$GATEWAY/v1_1/$UPSHOT_CLOUD_NAME/image/upload"
}
put() {
  curl -sf -o /dev/null -w '%{time_total}\n' --aws-sigv4 "aws:amz:us-east-1:s3" \
    --user "$UPSHOT_S3_ACCESS_KEY:$UPSHOT_S3_SECRET_KEY" -H "x-amz-content-sha256: $SHA256" -T "$FILE" "$S3/$BUCKET/bench-baseline/$1"
}
stats() {  # seconds per line on stdin -> p50 p95 mean in ms, and requests/s
  sort -n | awk '{a[NR]=$1; s+=$1} END {printf "p50 %6.1f ms  p95 %6.1f ms  mean %6.1f ms  %6.1f req/s\n",
    a[int(NR*0.5)+1]*1000, a[int(NR*0.95)]*1000, s/NR*1000, NR/s}'
}
for i in 1 2 3 4 5; do upload "warm$i" >/dev/null; put "warm$i" >/dev/null; done
printf '%-35s' "S3 PUT straight to the store:"; for i in $(seq "$N"); do put "$i"; done | stats
printf '%-35s' "signed upload through the gateway:"; for i in $(seq "$N"); do upload "$i"; done | stats

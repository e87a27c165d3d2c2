#!/usr/bin/env bash
# Soak (not a test): mixed normal and hostile traffic against a running stack (./upshot up) for DURATION seconds
# (default 600); the hostile requests are signed where that gets them further (a 1 MB context, a fetch of a loopback
# URL, a broken data URI, a timestamp from the future). Prints once a minute, per service, resident memory (MiB), open files and threads, plus the
# gateway's temp upload files, the outbox backlog and parked rows, and how many answers of each kind came back.
# Everything should stay flat: memory after warm-up, files, backlog. Hostile requests must get 4xx, never 5xx.
# Usage: bench/soak.sh [DURATION=600] [CLIENTS=4]
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HOME_DIR="${UPSHOT_HOME:-$ROOT/.upshot}"
# shellcheck disable=SC1091
source "$HOME_DIR/account.env"
# shellcheck disable=SC1091
source <(grep -E '^UPSHOT_[A-Z0-9_]*PORT=' "$HOME_DIR/run/state.env" | sed 's/^/export /')
DURATION="${1:-600}"
CLIENTS="${2:-4}"
GW="http://127.0.0.1:${UPSHOT_GATEWAY_PORT:-8080}"
URL="$GW/v1_1/$UPSHOT_CLOUD_NAME/image/upload"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$WORK"' EXIT

# a webhook receiver on loopback that answers 200 and counts
python3 - "$WORK/hooks" <<'PY' &
import http.server, sys
count = open(sys.argv[1], "a")
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.end_headers(); count.write("1\n"); count.flush()
    def log_message(self, *a): pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1] + ".port", "w").write(str(s.server_address[1]))
s.serve_forever()
PY
for _ in $(seq 50); do [[ -s "$WORK/hooks.port" ]] && break; sleep 0.1; done
HOOK="http://127.0.0.1:$(<"$WORK/hooks.port")/hook"
python3 - "$WORK/img.png" <<'PY' # a 64x48 gradient PNG
import struct, sys, zlib
w, h = 64, 48
raw = b"".join(b"\0" + b"".join(bytes((x * 4 % 256, y * 5 % 256, (x + y) * 2 % 256)) for x in range(w)) for y in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) \
      + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
head -c 1048576 /dev/zero | tr '\0' 'x' >"$WORK/big"

sign() { # sign "k=v&k=v" (sorted) -> signature
  printf '%s%s' "$1" "$UPSHOT_API_SECRET" | sha1sum | cut -d' ' -f1
}
normal() {
  local ts id p; ts=$(date +%s); id="soak/$RANDOM$RANDOM"
  p="async=true&notification_url=$HOOK&public_id=$id&timestamp=$ts"
  curl -s -o /dev/null -w '%{http_code}' -m 30 "$URL" -F "file=@$WORK/img.png" -F async=true -F "notification_url=$HOOK" \
    -F "public_id=$id" -F "timestamp=$ts" -F "api_key=$UPSHOT_API_KEY" -F "signature=$(sign "$p")"
}
hostile() {
  local ts; ts=$(date +%s)
  case $(( RANDOM % 7 )) in
    0) curl -s -o /dev/null -w '%{http_code}' -m 30 "$URL" -F "file=@$WORK/img.png" -F "timestamp=$ts" \
         -F "api_key=$UPSHOT_API_KEY" -F "signature=0000000000000000000000000000000000000000" ;;
    1) curl -s -o /dev/null -w '%{http_code}' -m 30 "$URL" -F "file=@$WORK/img.png" -F "timestamp=$ts" \
         -F "context=<$WORK/big" -F "api_key=$UPSHOT_API_KEY" -F "signature=$(sign "context=$(<"$WORK/big")&timestamp=$ts")" ;;
    2) curl -s -o /dev/null -w '%{http_code}' -m 30 "$URL" -F "file=http://127.0.0.1:1/x.png" -F "timestamp=$ts" \
         -F "api_key=$UPSHOT_API_KEY" -F "signature=$(sign "timestamp=$ts")" ;;
    3) curl -s -o /dev/null -w '%{http_code}' -m 30 "$URL" -H 'Content-Type: multipart/form-data; boundary=zz' \
         --data-binary $'--zz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc' ;;
    4) curl -s -o /dev/null -w '%{http_code}' -m 30 "$URL" -F "file=data:image/png;base64,!!!notbase64" \
         -F "timestamp=$ts" -F "api_key=$UPSHOT_API_KEY" -F "signature=$(sign "timestamp=$ts")" ;;
    5) curl -s -o /dev/null -w '%{http_code}' -m 30 "$URL" --data "$(for i in $(seq 3000); do printf 'f%d=v&' "$i"; done)" ;;
    6) curl -s -o /dev/null -w '%{http_code}' -m 30 "$URL" -F "file=@$WORK/img.png" -F "timestamp=$(( ts + 7200 ))" \
         -F "api_key=$UPSHOT_API_KEY" -F "signature=$(sign "timestamp=$(( ts + 7200 ))")" ;;
  esac
}
client() { # alternates normal and hostile requests until the end; one line per answer: kind code
  local end=$1
  while (( $(date +%s) < end )); do
    echo "normal $(normal)"
    echo "hostile $(hostile)"
  done >>"$WORK/answers.$BASHPID"
}

snapshot() {
  local part pid rss fds thr
  for f in "$HOME_DIR"/run/*.child; do
    part="$(basename "$f" .child)"; pid="$(<"$f")"
    [[ -d "/proc/$pid" ]] || { printf '  %-20s gone\n' "$part"; continue; }
    rss=$(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))
    fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
    thr=$(awk '/Threads/ {print $2}' "/proc/$pid/status")
    printf '  %-20s rss %5d MiB  files %4d  threads %4d\n' "$part" "$rss" "$fds" "$thr"
  done
  local tmp; tmp=$(find "${TMPDIR:-/tmp}" -maxdepth 2 -path '*upshot-gateway-uploads*' -type f 2>/dev/null | wc -l)
  local ops; ops="$(curl -s -m 10 -H "Authorization: Bearer $UPSHOT_OPS_TOKEN" "$GW/ops/outbox")"
  printf '  gateway temp upload files %d; outbox backlog %s; parked %s\n' "$tmp" \
    "$(sed -n 's/.*"backlog":\([0-9]*\).*/\1/p' <<<"$ops")" "$(grep -o '"eventId"' <<<"$ops" | wc -l)"
  cat "$WORK"/answers.* 2>/dev/null | sort | uniq -c | awk '{printf "  %s %s: %d\n", $2, $3, $1}' | tr '\n' ';'
  echo "  webhooks received: $(wc -l <"$WORK/hooks" 2>/dev/null || echo 0)"
}

end=$(( $(date +%s) + DURATION ))
echo "soak: $DURATION s, $CLIENTS clients, gateway $GW"
echo "minute 0"; snapshot
for _ in $(seq "$CLIENTS"); do client "$end" & done
for (( m=1; $(date +%s) < end; m++ )); do
  sleep 60
  echo "minute $m"; snapshot
done
wait
echo "final"; sleep 10; snapshot

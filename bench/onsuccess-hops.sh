#!/usr/bin/env bash
# Where a sync upload's on_success time goes (measurement, not a test), against the running stack (./upshot up):
# RATE/s sync uploads with a one-line on_success for SECONDS; per upload the client's start and end, each event's
# occurredAt and Kafka CreateTime (the send), and the gateway's processed_event rows' processed_at (the start of its
# consumer's transaction), joined by asset; prints the p50 of each hop.
# Usage: bench/onsuccess-hops.sh [RATE=10] [SECONDS=30]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HOME_DIR="${UPSHOT_HOME:-$ROOT/.upshot}"
RATE="${1:-10}"
SECONDS_="${2:-30}"
# shellcheck disable=SC1091
source <(grep -E '^UPSHOT_[A-Z0-9_]*PORT=' "$HOME_DIR/run/state.env" | sed 's/^/export /')
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]] && JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
WORK="$(mktemp -d)"
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for topic in upshot.asset.processed upshot.onsuccess.completed; do
  "$JAVA" -cp "$ROOT/deploy/local/target/lib/*" org.apache.kafka.tools.consumer.ConsoleConsumer \
    --bootstrap-server "127.0.0.1:${UPSHOT_KAFKA_PORT:-9092}" --topic "$topic" \
    --property print.timestamp=true >"$WORK/$topic" 2>"$WORK/$topic.err" &
  PIDS+=($!)
done
sleep 5   # the consumers join before the first upload
UPSHOT_HOME="$HOME_DIR" "$ROOT/bench/pipeline.sh" "$RATE" "$SECONDS_" hops >"$WORK/trace"
sleep 3
PGPASSWORD=postgres psql -h 127.0.0.1 -p "${UPSHOT_PG_PORT:-5433}" -U postgres upshot -At -F ' ' \
  -c "select consumer, event_id, (extract(epoch from processed_at) * 1000000)::bigint from gateway.processed_event
      where processed_at > now() - interval '$((SECONDS_ + 120)) seconds'" >"$WORK/gateway.processed"
python3 - "$WORK" <<'PY'
import json, sys, statistics, datetime
work = sys.argv[1]
def micros(iso):
    d = datetime.datetime.fromisoformat(iso.replace('Z', '+00:00'))
    return int(d.timestamp() * 1_000_000)
def records(topic):
    out = []
    for line in open(f"{work}/{topic}"):
        if not line.startswith('CreateTime:'):
            continue
        ts, value = line.rstrip('\n').split('\t', 1)
        out.append((int(ts.split(':')[1]) * 1000, json.loads(value)))
    return out
trace = {}
for line in open(f"{work}/trace"):
    parts = line.split()
    if parts[0] == 'hop':
        trace[parts[1]] = (int(parts[2]), int(parts[3]))
    elif parts[0] == 'summary':
        print('uploads:', line.strip()[8:])
processed = {}
for line in open(f"{work}/gateway.processed"):
    consumer, event, at = line.split()
    processed[(consumer, event)] = int(at)
by_asset = {}
for sent, env in records('upshot.asset.processed'):
    info = env['payload'].get('uploadInfo') or env['payload'].get('upload_info') or {}
    if info.get('public_id') in trace:
        by_asset[env['assetId']] = {'id': info['public_id'], 'ap_occurred': micros(env['occurredAt']), 'ap_sent': sent,
                                    'ap_event': env['eventId']}
for sent, env in records('upshot.onsuccess.completed'):
    a = by_asset.get(env['assetId'])
    if a is not None:
        a.update(oc_occurred=micros(env['occurredAt']), oc_sent=sent, oc_event=env['eventId'])
hops = [('client sends → gateway commits upload (AssetProcessed.occurredAt)', 'start', 'ap_occurred'),
        ('gateway relay: occurredAt → asset.processed sent (CreateTime)', 'ap_occurred', 'ap_sent'),
        ('Kafka → runner + script → answer made (OnSuccessCompleted.occurredAt)', 'ap_sent', 'oc_occurred'),
        ('runner send: occurredAt → onsuccess.completed sent (CreateTime)', 'oc_occurred', 'oc_sent'),
        ('Kafka → gateway consumer tx starts (processed_at)', 'oc_sent', 'oc_processed'),
        ('gateway applies, NOTIFY, ProcessingWait re-reads, answer', 'oc_processed', 'end'),
        ('total (client)', 'start', 'end')]
rows = []
for a in by_asset.values():
    a['start'], a['end'] = trace[a['id']]
    a['oc_processed'] = processed.get(('onsuccess-completed', a.get('oc_event')))
    if all(a.get(k) is not None for k in ('oc_sent', 'oc_processed')):
        rows.append(a)
print(f"{len(rows)} of {len(trace)} uploads traced through every hop (ms; Kafka CreateTime has ms resolution)")
print(f"| {'hop':<66} | p50 | mean | p90 |")
print('|---|---|---|---|')
for name, a, b in hops:
    d = sorted((r[b] - r[a]) / 1000 for r in rows)
    if d:
        print(f"| {name:<66} | {statistics.median(d):.1f} | {statistics.mean(d):.1f} | {d[int(len(d) * 0.9)]:.1f} |")
PY

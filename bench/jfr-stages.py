#!/usr/bin/env python3
"""Per-stage CPU of a JFR recording of the webhook dispatcher (not a test): jdk.ExecutionSample events, each counted
for the first stage (in the order below) any frame of its stack belongs to. Usage: bench/jfr-stages.py FILE.jfr
(JAVA_HOME's jfr tool)."""
import json, os, subprocess, sys
from collections import Counter

# (stage, substrings of frames' class.method) — the first stage with a matching frame anywhere in the stack wins
STAGES = [
    ("signing", ["NotificationSigner", "StandardWebhooksSigner", "MessageDigest", "Mac."]),
    ("kafka commit / ack", ["KafkaCommit", "commitAsync", "commitSync", "KafkaThrottledLatestProcessedCommit",
                            "KafkaLatestCommit", "ConsumerCoordinator.commit", "KafkaRecordBatch.ack", "OffsetCommit"]),
    ("intake: decode + build rows", ["NotificationIntake", "EventCodec", "NotificationRequestedConsumer"]),
    ("DB: intake insert", ["DeliveryRepository.createOnce", "DeliveryRepository.insert", "DeliveryRepository.tuple"]),
    ("DB: claim", ["DeliveryRepository.claim", "DeliveryRepository.dispatch", "DeliveryRepository.outlook"]),
    ("DB: record attempts", ["AttemptRecorder", "AttemptLog", "TargetRepository"]),
    ("DB: reactive PG client (I/O, codec)", ["io.vertx.pgclient", "io.vertx.sqlclient"]),
    ("outbox relay", ["OutboxRelay", "dev.upshot.messaging.Outbox"]),
    ("HTTP send (Vert.x web client)", ["WebhookClient", "io.vertx.ext.web.client", "io.vertx.core.http",
                                       "TruncatingBodyCodec", "TargetGuard"]),
    ("Kafka consumer: poll, fetch, deserialize", ["org.apache.kafka", "io.smallrye.reactive.messaging.kafka"]),
    ("delivery pump, metrics, tracing", ["DeliveryPump", "DispatchMetrics", "io.micrometer", "io.opentelemetry"]),
    ("netty event loop (I/O not attributed above)", ["io.netty"]),
]

def frames(event):
    for f in event["values"]["stackTrace"]["frames"] or []:
        m = f["method"]
        yield m["type"]["name"] + "." + m["name"]

def main(path):
    jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jfr")
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "200", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    counts = Counter()
    for e in events:
        fs = list(frames(e))
        stage = next((name for name, keys in STAGES if any(k in f for f in fs for k in keys)), "other (GC, JIT, JDK)")
        counts[stage] += 1
    total = sum(counts.values())
    print(f"{'stage':45} {'samples':>8} {'share':>6}")
    for name, _ in STAGES + [("other (GC, JIT, JDK)", None)]:
        if counts[name]:
            print(f"{name:45} {counts[name]:8d} {100.0 * counts[name] / total:5.1f}%")
    print(f"{'total':45} {total:8d}")

if __name__ == "__main__":
    main(sys.argv[1])

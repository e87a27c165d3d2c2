#!/usr/bin/env python3
"""Per-stage CPU of a JFR recording (not a test): jdk.ExecutionSample events, each counted for the first stage (in
the order of the chosen set) any frame of its stack belongs to.
Usage: bench/jfr-stages.py FILE.jfr [dispatcher|gateway|worker] [MS]   (JAVA_HOME's jfr tool; set `dispatcher` is the
default; MS = the process's CPU ms per unit of work, e.g. per upload from bench/pipeline.sh, splits it by stage)."""
import json, os, subprocess, sys
from collections import Counter

# (stage, substrings of frames' class.method) — the first stage with a matching frame anywhere in the stack wins
SETS = {
    "dispatcher": [
        ("signing", ["NotificationSigner", "StandardWebhooksSigner", "MessageDigest", "Mac."]),
        ("kafka commit / ack", ["KafkaCommit", "commitAsync", "commitSync", "KafkaThrottledLatestProcessedCommit",
                                "KafkaLatestCommit", "ConsumerCoordinator.commit", "KafkaRecordBatch.ack",
                                "OffsetCommit"]),
        ("intake: decode + build rows", ["NotificationIntake", "EventCodec", "NotificationRequestedConsumer"]),
        ("DB: intake insert", ["DeliveryRepository.createOnce", "DeliveryRepository.insert",
                               "DeliveryRepository.tuple"]),
        ("DB: claim", ["DeliveryRepository.claim", "DeliveryRepository.dispatch", "DeliveryRepository.outlook"]),
        ("DB: record attempts", ["AttemptRecorder", "AttemptLog", "TargetRepository"]),
        ("DB: reactive PG client (I/O, codec)", ["io.vertx.pgclient", "io.vertx.sqlclient"]),
        ("outbox relay", ["OutboxRelay", "dev.upshot.messaging.Outbox"]),
        ("HTTP send (Vert.x web client)", ["WebhookClient", "io.vertx.ext.web.client", "io.vertx.core.http",
                                           "TruncatingBodyCodec", "TargetGuard"]),
        ("Kafka consumer: poll, fetch, deserialize", ["org.apache.kafka", "io.smallrye.reactive.messaging.kafka"]),
        ("delivery pump, metrics, tracing", ["DeliveryPump", "DispatchMetrics", "io.micrometer", "io.opentelemetry"]),
        ("netty event loop (I/O not attributed above)", ["io.netty"]),
    ],
    # one plain upload through the gateway, in the order of its steps
    "gateway": [
        ("signature (authentication)", ["UploadAuthentication", "RequestSignature"]),
        ("hashing (MD5 of the file)", ["UploadStaging.md5", "DigestInputStream", "sun.security.provider.MD5"]),
        ("probe (format, size)", ["MediaProbe"]),
        ("S3 write (MinIO, OkHttp, SigV4)", ["io.minio", "okhttp3", "okio", "ObjectStore"]),
        ("outbox relay + Kafka producer", ["OutboxRelay", "org.apache.kafka.clients.producer",
                                           "org.apache.kafka.common"]),
        ("outbox write (event encode)", ["dev.upshot.messaging.Outbox", "EventCodec.encode", "EventCodec.wrap"]),
        ("transaction (asset + outbox rows)", ["org.hibernate", "UploadRecords", "AssetRecords", "io.vertx.pgclient",
                                               "io.vertx.sqlclient", "io.quarkus.hibernate", "Panache"]),
        ("response JSON", ["AssetView", "com.fasterxml.jackson", "ServerJacksonMessageBodyWriter"]),
        ("HTTP and multipart parsing", ["multipart", "Multipart", "Forms.", "UploadResource", "resteasy",
                                        "io.vertx.core.http", "io.vertx.ext.web", "io.quarkus.vertx.http"]),
        ("Kafka consumers (idle polls)", ["org.apache.kafka", "io.smallrye.reactive.messaging"]),
        ("metrics, tracing", ["io.micrometer", "io.opentelemetry"]),
        ("netty event loop (I/O not attributed above)", ["io.netty"]),
    ],
    # a worker's share of an upload it has no work for
    "worker": [
        ("decode event", ["EventCodec.decode", "AssetUploaded.of", "com.fasterxml.jackson"]),
        ("idempotency / transaction", ["IdempotentConsumer.firstTime", "IdempotentConsumer.processed",
                                       "org.hibernate", "io.vertx.pgclient", "io.vertx.sqlclient"]),
        ("kafka commit / ack", ["KafkaCommit", "commitAsync", "commitSync", "ConsumerCoordinator.commit",
                                "OffsetCommit", "KafkaThrottledLatestProcessedCommit"]),
        ("consumer handling (skip test, metrics, tracing)", ["IdempotentConsumer", "AssetUploadedConsumer",
                                                             "io.micrometer", "io.opentelemetry"]),
        ("Kafka consumer: poll, fetch, deserialize", ["org.apache.kafka", "io.smallrye.reactive.messaging"]),
        ("outbox relay", ["OutboxRelay"]),
        ("netty event loop", ["io.netty", "io.vertx"]),
    ],
}

def frames(event):
    for f in event["values"]["stackTrace"]["frames"] or []:
        m = f["method"]
        yield m["type"]["name"].replace("/", ".") + "." + m["name"]   # JFR writes internal names (a/b/C)

def main(path, set_name="dispatcher", ms=None):
    stages = SETS[set_name]
    jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jfr")
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "200", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    counts = Counter()
    for e in events:
        fs = list(frames(e))
        stage = next((name for name, keys in stages if any(k in f for f in fs for k in keys)), "other (GC, JIT, JDK)")
        counts[stage] += 1
    total = sum(counts.values())
    print(f"{'stage':50} {'samples':>8} {'share':>6}" + (f" {'ms':>6}" if ms else ""))
    for name, _ in stages + [("other (GC, JIT, JDK)", None)]:
        if counts[name]:
            share = counts[name] / total
            print(f"{name:50} {counts[name]:8d} {100.0 * share:5.1f}%" + (f" {ms * share:6.2f}" if ms else ""))
    print(f"{'total':50} {total:8d}" + (f"        {ms:6.2f}" if ms else ""))

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "dispatcher",
         float(sys.argv[3]) if len(sys.argv) > 3 else None)

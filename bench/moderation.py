#!/usr/bin/env python3
"""Moderation throughput and per-image latency, per kind (duplicate:0.9, upshot_nsfw, upshot_http, manual),
against a running stack (./upshot up).

For each kind, N signed uploads (PNG scenes, each different) go to the gateway with moderation=<kind> and a
notification_url served here; an image's latency is from the upload's answer to its moderation notification
(the worker read the original from S3, fingerprinted it, decided, and the gateway applied the decision and the
dispatcher delivered it). Throughput = N / (first upload sent .. last notification received).
manual: decisions through the Admin API update call (decisions/s, per-call latency).
upshot_http needs the stack started with UPSHOT_MODERATION_HTTP_URL=http://127.0.0.1:<provider port>/moderate;
this script serves that provider (always approves) on --provider-port (default 28999).

Usage: bench/moderation.py [N=50] [CONCURRENCY=4]   (BENCH_WARMUP=5 unreported images per kind first)
"""
import base64, hashlib, http.server, json, os, random, statistics, struct, sys, threading, time, urllib.parse, urllib.request, uuid, zlib
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOME = os.environ.get("UPSHOT_HOME", os.path.join(ROOT, ".upshot"))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 50
CONCURRENCY = int(sys.argv[2]) if len(sys.argv) > 2 else 4
WARMUP = int(os.environ.get("BENCH_WARMUP", "5"))
PROVIDER_PORT = int(os.environ.get("BENCH_PROVIDER_PORT", "28999"))
GATEWAY = "http://127.0.0.1:" + os.environ.get("UPSHOT_GATEWAY_PORT", "8080")

account = dict(line.strip().split("=", 1) for line in open(os.path.join(HOME, "account.env")) if "=" in line)
CLOUD, KEY, SECRET = account["UPSHOT_CLOUD_NAME"], account["UPSHOT_API_KEY"], account["UPSHOT_API_SECRET"]
arrivals, lock = {}, threading.Lock()


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/moderate":
            answer = b'{"status":"approved","score":0.01}'
            self.send_response(200); self.send_header("Content-Length", str(len(answer))); self.end_headers()
            self.wfile.write(answer)
            return
        note = json.loads(body)
        if note.get("notification_type") == "moderation":
            with lock:
                arrivals.setdefault(note["public_id"], time.monotonic())
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()

    def log_message(self, *args):
        pass


def png(seed, w=200, h=150):
    rnd = random.Random(seed)
    discs = [(rnd.randrange(w), rnd.randrange(h), rnd.randrange(20, 90), [rnd.randrange(256) for _ in range(3)])
             for _ in range(8)]
    rows = []
    for y in range(h):
        row = bytearray(b"\x00")
        for x in range(w):
            px = [(x * 255) // w, (y * 255) // h, 128]
            for cx, cy, r, color in discs:
                if (x - cx) ** 2 + (y - cy) ** 2 < r * r:
                    px = color
            row += bytes(px)
        rows.append(bytes(row))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


def upload(public_id, data, params):
    params = dict(params, public_id=public_id, timestamp=str(int(time.time())))
    # signature version 2: an "&" inside a value is escaped
    to_sign = "&".join(f"{k}={str(params[k]).replace('&', '%26')}" for k in sorted(params))
    params.update(api_key=KEY, signature=hashlib.sha1((to_sign + SECRET).encode()).hexdigest())
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in params.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.png"\r\n'
                 f'Content-Type: image/png\r\n\r\n'.encode() + data + f"\r\n--{boundary}--\r\n".encode())
    req = urllib.request.Request(f"{GATEWAY}/v1_1/{CLOUD}/image/upload", data=b"".join(parts),
                                 headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def admin(method, path, form=None):
    req = urllib.request.Request(f"{GATEWAY}/v1_1/{CLOUD}/{path}", method=method,
                                 data=None if form is None else urllib.parse.urlencode(form).encode(),
                                 headers={"Authorization": "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def report(name, latencies, seconds):
    latencies = sorted(latencies)
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(f"{name:16} {len(latencies):4} images  {len(latencies) / seconds:7.1f} images/s   latency p50 {p(0.5):7.1f} ms"
          f"  p95 {p(0.95):7.1f} ms  mean {statistics.mean(latencies) * 1000:7.1f} ms")


def automated(kind, images, report_it=True):
    run = uuid.uuid4().hex[:6]
    hook = f"http://127.0.0.1:{PROVIDER_PORT}/hook"
    answered = {}
    start = time.monotonic()

    def one(i):
        public_id = f"bench/mod/{run}/{i}"
        upload(public_id, images[i], {"moderation": kind, "notification_url": hook})
        answered[public_id] = time.monotonic()

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(one, range(len(images))))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not all(p in arrivals for p in answered):
        time.sleep(0.05)
    done = [p for p in answered if p in arrivals]
    if len(done) < len(answered):
        print(f"{kind:16} only {len(done)}/{len(answered)} notified within 120 s (is moderation-worker running?"
              + (" was the stack started with UPSHOT_MODERATION_HTTP_URL?" if kind == "upshot_http" else "") + ")")
        return
    if report_it:
        report(kind, [arrivals[p] - answered[p] for p in done], max(arrivals[p] for p in done) - start)


def manual(images):
    run = uuid.uuid4().hex[:6]
    ids = [f"bench/manual/{run}/{i}" for i in range(N)]
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(lambda i: upload(ids[i], images[i], {"moderation": "manual"}), range(N)))
    latencies = []

    def decide(public_id):
        t = time.monotonic()
        admin("POST", "resources/image/upload/" + urllib.parse.quote(public_id, safe=""), {"moderation_status": "approved"})
        latencies.append(time.monotonic() - t)

    start = time.monotonic()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(decide, ids))
    report("manual (update)", latencies, time.monotonic() - start)


if __name__ == "__main__":
    server = http.server.ThreadingHTTPServer(("127.0.0.1", PROVIDER_PORT), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_seed = random.randrange(1 << 30)
    print(f"{N} images per kind, {CONCURRENCY} concurrent clients, gateway {GATEWAY}")
    kinds = ["duplicate:0.9", "upshot_nsfw", "upshot_http"]
    # warm-up (not reported): JIT, connection pools, consumer assignment
    for i, kind in enumerate(kinds):
        automated(kind, [png(base_seed + 9_000_000 + i * 100 + j) for j in range(WARMUP)], report_it=False)
    for kind in kinds:
        automated(kind, [png(base_seed + hash(kind) % 1000 * 10000 + i) for i in range(N)])
    manual([png(base_seed + 5_000_000 + i) for i in range(N)])
    server.shutdown()

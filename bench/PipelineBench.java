import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Pipeline benchmark (not a test) against a running ./upshot stack; prints one table.
 * Phases: idle CPU of the whole platform; plain signed uploads at 8 clients beside raw S3 PUTs of the same bytes to
 * the same store (rate, latency, platform CPU per request); async and sync uploads with notification_url at a fixed
 * rate (answer and webhook latency); sync uploads with a one-line on_success (its overhead); 20 sync uploads/s of a
 * 1 MP image with quality_analysis, colors and phash (the answer waits for the analyses); RSS per process.
 * CPU is read from /proc for every process of the stack: the supervised parts, their children and PostgreSQL's.
 * Args: home gatewayPort s3Endpoint bucket rate seconds file [section: all (default), plain, webhooks, onsuccess,
 * analysis]
 */
public class PipelineBench {
    static String home, gateway, cloud, key, secret, s3, bucket, s3Key, s3Secret;
    static byte[] file;
    /**
     * HTTP/1.1, as the Cloudinary SDKs speak. Java's default (HTTP/2 over cleartext, by an Upgrade of the first
     * request) stalls multipart uploads on the gateway; -Dbench.http=HTTP_2 measures that path.
     */
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.valueOf(System.getProperty("bench.http", "HTTP_1_1")))
            .executor(Executors.newFixedThreadPool(64)).build();
    static final Map<String, Long> ARRIVED = new ConcurrentHashMap<>();
    static final List<String[]> ROWS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        home = args[0];
        gateway = "http://127.0.0.1:" + args[1];
        s3 = args[2];
        bucket = args[3];
        int rate = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        file = Files.readAllBytes(Path.of(args[6]));
        Map<String, String> account = env(Path.of(home, "account.env"));
        Map<String, String> s3env = env(Path.of(home, "s3.env"));
        cloud = account.get("UPSHOT_CLOUD_NAME");
        key = account.get("UPSHOT_API_KEY");
        secret = account.get("UPSHOT_API_SECRET");
        s3Key = s3env.get("UPSHOT_S3_ACCESS_KEY");
        s3Secret = s3env.get("UPSHOT_S3_SECRET_KEY");

        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        receiver.setExecutor(Executors.newFixedThreadPool(16));
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int at = body.indexOf("\"public_id\":\"");
            if (at >= 0) {
                ARRIVED.putIfAbsent(body.substring(at + 13, body.indexOf('"', at + 13)), System.nanoTime());
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

        Runtime.getRuntime().addShutdownHook(new Thread(PipelineBench::removeRawObjects));
        System.out.printf("file %d bytes; rate %d/s for %d s%n", file.length, rate, seconds);
        // warm-up of both sides, not measured: long enough for the JIT's optimised code (a few hundred calls leave
        // the services interpreted and C1-compiled, which counted the compilers in the first rows' CPU)
        closed(2000, 8, i -> upload(Map.of()));
        closed(2000, 8, i -> put());

        String section = args.length > 7 ? args[7] : "all";
        if (section.equals("plain")) {   // for profiling: plain uploads only, beside raw PUTs of the same run
            int clients = Integer.getInteger("bench.clients", 8);
            Cpu a = Cpu.now();
            Result r = closed(1000, clients, i -> upload(Map.of()));
            Cpu b = Cpu.now();
            Result raw = closed(1000, clients, i -> put());
            Cpu c = Cpu.now();
            System.out.println("plain: " + r.summary() + String.format(" = %.2fx baseline", r.rate() / raw.rate())
                    + String.format("; %.1f ms platform CPU/upload", a.msUntil(b) / 1000)
                    + "; CPU ms by part: " + a.perPart(b, 1000));
            System.out.println("raw S3 PUT (baseline): " + raw.summary()
                    + String.format("; %.1f ms CPU/PUT (all processes)", b.msUntil(c) / 1000));
            System.exit(0);
        }
        if (section.equals("hops")) {   // for bench/onsuccess-hops.sh: when each sync on_success upload started and ended
            hops(rate, seconds);
            System.exit(0);
        }
        if (section.equals("onsuccess")) {   // the on_success overhead rows only
            onSuccessOverhead();
            table();
            System.exit(0);
        }
        if (section.equals("webhooks")) {   // the async and sync rows with notification_url only
            notified(rate, seconds, hook);
            table();
            System.exit(0);
        }
        if (section.equals("analysis")) {   // the analysed-upload rows only
            analysed(seconds);
            table();
            System.exit(0);
        }
        Cpu idle = Cpu.now();
        Thread.sleep(30_000);
        Cpu idleEnd = Cpu.now();
        row("idle platform, 30 s", String.format("%.3f cores", idle.coresUntil(idleEnd)),
                "CPU ms per second by part: " + idle.perPart(idleEnd, 30));

        int n = 400;
        Cpu c0 = Cpu.now();
        Result raw = closed(n, 8, i -> put());
        Cpu c1 = Cpu.now();
        Result plain = closed(n, 8, i -> upload(Map.of()));
        Cpu c2 = Cpu.now();
        row("raw S3 PUT, 8 clients (baseline)", raw.summary(), String.format("%.1f ms CPU/PUT (all processes)",
                c0.msUntil(c1) / n));
        row("plain signed upload, 8 clients", plain.summary() + String.format(" = %.2fx baseline",
                plain.rate() / raw.rate()), String.format("%.1f ms platform CPU/upload", c1.msUntil(c2) / n));
        row("  CPU ms per plain upload, by part", c1.perPart(c2, n), "-");
        row("  CPU ms per raw PUT, by part", c0.perPart(c1, n), "-");

        notified(rate, seconds, hook);
        onSuccessOverhead();
        analysed(seconds);

        for (Map.Entry<String, Long> e : Cpu.rss().entrySet()) {
            row("memory (PSS) " + e.getKey(), e.getValue() / 1024 + " MiB", "-");
        }
        row("memory (PSS) total", Cpu.rss().values().stream().mapToLong(Long::longValue).sum() / 1024 + " MiB", "-");

        table();
        receiver.stop(0);
        System.exit(0);
    }

    /** Async, then sync uploads with notification_url at {@code rate}/s: answer and webhook latency, CPU per upload. */
    static void notified(int rate, int seconds, String hook) throws Exception {
        // warms the path measured (a given public id, a webhook through the dispatcher), not measured: without it the
        // first row ran on interpreted code of that path and its latency was the JIT's queue
        closed(1000, 8, i -> upload(Map.of("public_id", "w" + UUID.randomUUID(), "notification_url", hook)));
        for (boolean async : List.of(true, false)) {
            ARRIVED.clear();
            Cpu p0 = Cpu.now();
            Result r = open(rate, seconds, id -> upload(Map.of("public_id", id, "notification_url", hook,
                    "async", Boolean.toString(async))));
            awaitHooks(r, 60);
            Cpu p1 = Cpu.now();
            row((async ? "async" : "sync") + " uploads + notification_url, " + rate + "/s for " + seconds + " s",
                    r.summary(), "webhook " + r.webhooks() + String.format("; %.1f ms platform CPU/upload",
                            p0.msUntil(p1) / r.ok()));
            row("  CPU ms per upload, by part", p0.perPart(p1, r.ok()), "-");
        }
    }

    /** Sync uploads with and without a one-line on_success at 10/s, and with it at 20/s (can the runner keep up?). */
    static void onSuccessOverhead() throws Exception {
        Map<String, String> script = Map.of("on_success", "current_asset.update({tags: ['bench']})");
        closed(400, 8, i -> upload(with(script, "b" + UUID.randomUUID())));   // warms the runner's path, not measured
        Result without = open(10, 20, id -> upload(Map.of("public_id", id)));
        Result with = open(10, 20, id -> upload(with(script, id)));
        Result fast = open(20, 20, id -> upload(with(script, id)));
        row("sync, 10/s: without on_success", without.summary(), "-");
        row("sync, 10/s: one-line on_success", with.summary(), String.format("adds %.1f ms p50",
                with.p(50) - without.p(50)));
        row("sync, 20/s: one-line on_success", fast.summary(), String.format("adds %.1f ms p50 (to 10/s without)",
                fast.p(50) - without.p(50)));
        Result hops = kafkaHops(10, 20);
        row("baseline: two Kafka hops at 10/s", String.format("p50 %.1f ms, p99 %.1f ms, %d failed", hops.p(50),
                hops.p(99), hops.failures()), "produce → consume → produce → consume on the platform's broker: "
                + "the floor of on_success's path (gateway → runner → gateway)");
    }

    /**
     * The latency of two Kafka hops on the platform's broker, with the platform's producer settings (acks=all, no
     * linger): each record is consumed and answered by a second record, whose arrival ends the measurement. The
     * on_success path has the same two hops between its gateway and runner transactions.
     */
    static Result kafkaHops(int rate, int seconds) throws Exception {
        String bootstrap = "127.0.0.1:" + System.getenv().getOrDefault("UPSHOT_KAFKA_PORT", "9092");
        String topic = "upshot.bench.hops";
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get();
            }
        }
        var string = org.apache.kafka.common.serialization.StringSerializer.class.getName();
        var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.<String, Object>of(
                "bootstrap.servers", bootstrap, "acks", "all", "linger.ms", "0",
                "key.serializer", string, "value.serializer", string));
        var unstring = org.apache.kafka.common.serialization.StringDeserializer.class.getName();
        var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(Map.<String, Object>of(
                "bootstrap.servers", bootstrap, "group.id", "bench-hops-" + UUID.randomUUID(),
                "auto.offset.reset", "latest", "fetch.max.wait.ms", "5000",
                "key.deserializer", unstring, "value.deserializer", unstring));
        consumer.subscribe(List.of(topic));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(java.time.Duration.ofMillis(100));
        }
        Map<String, CountDownLatch> answered = new ConcurrentHashMap<>();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread echo = new Thread(() -> {
            while (!stop.get()) {
                for (var record : consumer.poll(java.time.Duration.ofMillis(200))) {
                    if (record.value().startsWith("ask:")) {
                        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, record.key(),
                                "answer:" + record.key()));
                    } else {
                        CountDownLatch latch = answered.get(record.key());
                        if (latch != null) {
                            latch.countDown();
                        }
                    }
                }
            }
        });
        echo.start();
        try {
            return open(rate, seconds, id -> {
                CountDownLatch latch = new CountDownLatch(1);
                answered.put(id, latch);
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, id, "ask:" + id));
                if (!latch.await(10, TimeUnit.SECONDS)) {
                    throw new IOException("no answer within 10 s");
                }
                answered.remove(id);
                return 200;
            });
        } finally {
            stop.set(true);
            echo.join();
            consumer.close();
            producer.close();
        }
    }

    /**
     * 20 sync uploads a second of a 1 MP photo-like JPEG asking quality_analysis, colors and phash: the answer waits for
     * analysis-worker, so its latency is the processing latency. Stable when the second half's p50 is not above the
     * first's (no backlog growing).
     */
    static void analysed(int seconds) throws Exception {
        byte[] image = photoJpeg(1000, 1000);
        Map<String, String> params = Map.of("quality_analysis", "true", "colors", "true", "phash", "true");
        closed(300, 4, i -> upload(params, image));   // warms the analysis path (JIT), not measured
        Cpu a = Cpu.now();
        Result r = open(20, seconds, id -> upload(with(params, id), image));
        Cpu b = Cpu.now();
        List<Double> first = r.ms().subList(0, r.ms().size() / 2), second = r.ms().subList(r.ms().size() / 2, r.ms().size());
        row("sync, 20/s, 1 MP image (" + image.length / 1024 + " KiB), quality_analysis+colors+phash, " + seconds + " s",
                r.summary(), String.format("p50 first half %.0f ms, second half %.0f ms (answers in completion order);"
                        + " %.1f ms platform CPU/upload", median(first), median(second), a.msUntil(b) / r.ok()));
        row("  CPU ms per analysed upload, by part", a.perPart(b, r.ok()), "-");
    }

    static double median(List<Double> ms) {
        List<Double> s = ms.stream().sorted().toList();
        return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
    }

    /**
     * A photo-like w x h JPEG (ImageIO's default quality): smooth colour gradients with seeded grain, so it weighs
     * what a camera picture of that size does (a few hundred KiB at 1 MP), not what incompressible noise does.
     */
    static byte[] photoJpeg(int w, int h) throws IOException {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int grain = random.nextInt(24) - 12;
                int r = clamp(255 * x / w + grain), g = clamp(255 * y / h + grain), b = clamp(128 + (x - y) / 8 + grain);
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** Prints {@code hop <public_id> <start epoch µs> <end epoch µs>} per sync upload with a one-line on_success. */
    static void hops(int rate, int seconds) throws Exception {
        Map<String, String> script = Map.of("on_success", "current_asset.update({tags: ['bench']})");
        closed(200, 4, i -> upload(with(script, "b" + UUID.randomUUID())));   // warm-up, not traced
        Map<String, long[]> times = new ConcurrentHashMap<>();
        Result r = open(rate, seconds, id -> {
            long start = epochMicros();
            long status = upload(with(script, id));
            times.put(id, new long[]{start, epochMicros()});
            return status;
        });
        times.forEach((id, t) -> System.out.printf("hop %s %d %d%n", id, t[0], t[1]));
        System.out.println("summary " + r.summary());
    }

    static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    static Map<String, String> with(Map<String, String> params, String publicId) {
        Map<String, String> all = new TreeMap<>(params);
        all.put("public_id", publicId);
        return all;
    }

    static void table() {
        System.out.printf("%n| %-58s | %-62s | %s |%n", "what", "result", "cost / note");
        System.out.println("|---|---|---|");
        ROWS.forEach(r -> System.out.printf("| %-58s | %-62s | %s |%n", r[0], r[1], r[2]));
    }

    static void row(String what, String result, String note) {
        ROWS.add(new String[]{what, result, note});
        System.out.printf("%s: %s (%s)%n", what, result, note);
    }

    interface Call {
        long run(String id) throws Exception;   // returns the HTTP status
    }

    /** Latencies (ms), failures, and when each request started (ns), by public id. */
    record Result(List<Double> ms, int failures, double seconds, Map<String, Long> started) {
        double rate() { return ms.size() / seconds; }
        int ok() { return Math.max(1, ms.size()); }
        double p(int pct) {
            List<Double> s = ms.stream().sorted().toList();
            return s.isEmpty() ? Double.NaN : s.get(Math.min(s.size() - 1, (int) Math.ceil(pct / 100.0 * s.size()) - 1));
        }
        String summary() {
            return String.format("%.1f/s, p50 %.0f ms, p99 %.0f ms, %d failed", rate(), p(50), p(99), failures);
        }
        String webhooks() {
            List<Double> lat = started.entrySet().stream().filter(e -> ARRIVED.containsKey(e.getKey()))
                    .map(e -> (ARRIVED.get(e.getKey()) - e.getValue()) / 1e6).sorted().toList();
            if (lat.isEmpty()) {
                return "none arrived";
            }
            return String.format("p50 %.0f ms, p99 %.0f ms, %d of %d arrived", lat.get(lat.size() / 2),
                    lat.get(Math.min(lat.size() - 1, (int) (lat.size() * 0.99))), lat.size(), started.size());
        }
    }

    static void awaitHooks(Result r, int maxSeconds) throws InterruptedException {
        long end = System.nanoTime() + maxSeconds * 1_000_000_000L;
        while (System.nanoTime() < end && !ARRIVED.keySet().containsAll(r.started().keySet())) {
            Thread.sleep(200);
        }
    }

    /** n calls by `clients` threads, each as soon as the last answered. */
    static Result closed(int n, int clients, Call call) throws Exception {
        List<Double> ms = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger(), failed = new AtomicInteger();
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (next.getAndIncrement() < n) {
                    timed(call, "b" + UUID.randomUUID(), ms, failed, null);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Result(ms, failed.get(), (System.nanoTime() - t0) / 1e9, Map.of());
    }

    /** `rate` calls a second for `seconds`, whatever the answers' pace (an open loop, as real clients are). */
    static Result open(int rate, int seconds, Call call) throws Exception {
        List<Double> ms = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> started = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        int total = rate * seconds;
        CountDownLatch done = new CountDownLatch(total);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        var workers = Executors.newVirtualThreadPerTaskExecutor();
        long t0 = System.nanoTime();
        for (int i = 0; i < total; i++) {
            clock.schedule(() -> workers.submit(() -> {
                timed(call, "bench/" + UUID.randomUUID(), ms, failed, started);
                done.countDown();
            }), i * 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
        }
        done.await(seconds + 120L, TimeUnit.SECONDS);
        clock.shutdownNow();
        return new Result(ms, failed.get(), (System.nanoTime() - t0) / 1e9, started);
    }

    static void timed(Call call, String id, List<Double> ms, AtomicInteger failed, Map<String, Long> started) {
        long t = System.nanoTime();
        if (started != null) {
            started.put(id, t);
        }
        try {
            long status = call.run(id);
            if (status / 100 == 2) {
                ms.add((System.nanoTime() - t) / 1e6);
            } else {
                failed(failed, "HTTP " + status);
            }
        } catch (Exception e) {
            failed(failed, e.toString());
        }
    }

    /** Counts a failed call; the first one's reason is printed, so a broken run says why. */
    static void failed(AtomicInteger failed, String why) {
        if (failed.incrementAndGet() == 1) {
            System.err.println("first failure: " + why);
        }
    }

    static long upload(Map<String, String> params) throws Exception {
        return upload(params, file);
    }

    static long upload(Map<String, String> params, byte[] file) throws Exception {
        Map<String, String> signed = new TreeMap<>(params);
        signed.put("timestamp", Long.toString(System.currentTimeMillis() / 1000));
        StringBuilder toSign = new StringBuilder();
        signed.forEach((k, v) -> toSign.append(toSign.isEmpty() ? "" : "&").append(k).append('=').append(v));
        String signature = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest((toSign + secret).getBytes(StandardCharsets.UTF_8)));
        Map<String, String> form = new LinkedHashMap<>(signed);
        form.put("api_key", key);
        form.put("signature", signature);
        String boundary = "bench" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : form.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n"
                    + e.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(file);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/v1_1/" + cloud + "/image/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The raw PUTs' objects, removed when the bench exits: they are the baseline's, not the platform's. */
    static final Queue<String> RAW_OBJECTS = new ConcurrentLinkedQueue<>();

    /** The baseline: the same bytes PUT straight into the store (AWS signature v2, which s3proxy accepts). */
    static long put() throws Exception {
        String object = "bench/" + UUID.randomUUID() + ".png";
        RAW_OBJECTS.add(object);
        HttpRequest request = s3("PUT", "image/png", object).header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(file)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Deletes the raw PUTs' objects, 8 at a time (a full run leaves thousands of them). */
    static void removeRawObjects() {
        try (ExecutorService deleters = Executors.newFixedThreadPool(8)) {
            for (String object = RAW_OBJECTS.poll(); object != null; object = RAW_OBJECTS.poll()) {
                String gone = object;
                deleters.submit(() -> HTTP.send(s3("DELETE", "", gone).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding()));
            }
        }
    }

    /** A request to the store for {@code object}, signed with AWS signature v2. */
    static HttpRequest.Builder s3(String method, String contentType, String object) throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        String toSign = method + "\n\n" + contentType + "\n\nx-amz-date:" + date + "\n/" + bucket + "/" + object;
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(s3Secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String auth = "AWS " + s3Key + ":" + Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(URI.create(s3 + "/" + bucket + "/"
                        + URLEncoder.encode(object, StandardCharsets.UTF_8).replace("%2F", "/")))
                .header("x-amz-date", date).header("Authorization", auth);
    }

    static Map<String, String> env(Path p) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (String line : Files.readAllLines(p)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    /** CPU time of every process of the stack, from /proc. */
    /**
     * CPU ticks of each process of the stack, by pid. A difference counts each process alive at its end from its own
     * earlier reading (from 0 when it started in between); one that exited in between drops out, so a sandbox child
     * retired while idle does not make the idle platform's CPU negative.
     */
    record Cpu(Map<Long, Long> ticks, Map<Long, String> partOf, long nanos) {
        static Cpu now() throws IOException {
            Map<Long, Long> ticks = new TreeMap<>();
            Map<Long, String> partOf = new TreeMap<>();
            for (Map.Entry<String, List<Long>> part : parts().entrySet()) {
                for (long pid : part.getValue()) {
                    try {
                        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                        partOf.put(pid, part.getKey());
                    } catch (IOException gone) {
                        // exited meanwhile
                    }
                }
            }
            return new Cpu(ticks, partOf, System.nanoTime());
        }

        /** Ticks from this reading to {@code later}, by part. */
        private Map<String, Long> byPartUntil(Cpu later) {
            Map<String, Long> byPart = new TreeMap<>();
            later.ticks.forEach((pid, t) -> byPart.merge(later.partOf.get(pid), t - ticks.getOrDefault(pid, 0L), Long::sum));
            return byPart;
        }

        /** CPU ms per call by part, largest first. */
        String perPart(Cpu later, int calls) {
            StringBuilder out = new StringBuilder();
            byPartUntil(later).entrySet().stream()
                    .filter(e -> e.getValue() > 0)
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> out.append(out.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                            .append(String.format("%.1f", e.getValue() * 10.0 / calls)));
            return out.toString();
        }

        double coresUntil(Cpu later) {
            return msUntil(later) / 1000.0 / ((later.nanos - nanos) / 1e9);
        }

        double msUntil(Cpu later) {
            return byPartUntil(later).values().stream().mapToLong(Long::longValue).sum() * 10.0;
        }

        /** Memory (KiB, PSS: shared pages split between their users) by part, with descendants and PostgreSQL's server. */
        static Map<String, Long> rss() throws IOException {
            Map<String, Long> out = new TreeMap<>();
            for (Map.Entry<String, List<Long>> part : parts().entrySet()) {
                long kib = 0;
                for (long pid : part.getValue()) {
                    try {
                        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                            if (line.startsWith("Pss:")) {
                                kib += Long.parseLong(line.replaceAll("[^0-9]", ""));
                            }
                        }
                    } catch (IOException gone) {
                        // exited meanwhile
                    }
                }
                out.put(part.getKey(), kib);
            }
            return out;
        }

        static List<Long> stackPids() throws IOException {
            return parts().values().stream().flatMap(List::stream).toList();
        }

        static Map<String, List<Long>> parts() throws IOException {
            Map<Long, Long> parent = new ConcurrentHashMap<>();
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                    try {
                        String stat = Files.readString(p.resolve("stat"));
                        parent.put(Long.parseLong(p.getFileName().toString()),
                                Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]));
                    } catch (IOException | RuntimeException gone) {
                        // exited meanwhile
                    }
                });
            }
            Map<String, List<Long>> parts = new TreeMap<>();
            try (Stream<Path> pids = Files.list(Path.of(home, "run"))) {
                for (Path f : pids.filter(p -> p.toString().endsWith(".child")).toList()) {
                    String part = f.getFileName().toString().replace(".child", "");
                    parts.put(part, descendants(Long.parseLong(Files.readString(f).trim()), parent));
                }
            }
            Path postmaster = Path.of(home, "data", "pg", "postmaster.pid");
            if (Files.exists(postmaster)) {
                long pid = Long.parseLong(Files.readAllLines(postmaster).getFirst().trim());
                // an older launcher ran the server detached from its JVM; now it is the pg part itself
                if (parts.values().stream().noneMatch(pids -> pids.contains(pid))) {
                    parts.put("pg (server)", descendants(pid, parent));
                }
            }
            return parts;
        }

        static List<Long> descendants(long root, Map<Long, Long> parent) {
            List<Long> out = new ArrayList<>(List.of(root));
            for (int i = 0; i < out.size(); i++) {
                long p = out.get(i);
                parent.forEach((child, pp) -> {
                    if (pp == p) {
                        out.add(child);
                    }
                });
            }
            return out;
        }
    }
}

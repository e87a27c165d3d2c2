package dev.upshot.onsuccess.service;

import dev.upshot.onsuccess.sandbox.RunResult;
import dev.upshot.onsuccess.sandbox.SandboxLimits;
import dev.upshot.onsuccess.sandbox.ScriptSandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Not a test: {@code bench/run.sh} runs it. Warm per-run latency (p50/p99) and throughput of a documented script
 * through child sandboxes (what the runner does), beside the bare engine in this JVM (shared Engine, cached Source,
 * fresh Context per run, no process boundary) for the same script.
 */
public final class SandboxBenchmark {
    static final String SCRIPT = """
            const caption = e.upload_info?.info?.detection?.captioning?.data?.caption;
            current_asset.update({ tags: [...e.upload_info.tags, 'autocaption'], context: { caption: caption ?? '' } });
            """;
    static final String EVENT = """
            {"upload_info":{"public_id":"cat","width":1200,"height":800,"tags":["a","b"],
            "info":{"detection":{"captioning":{"data":{"caption":"a cat"}}}}},"status":"success"}""";
    static final SandboxLimits LIMITS = new SandboxLimits(2000, 10_000_000, 256L << 20, 16 << 20, 65536, 10,
            1 << 20, 256);

    private SandboxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int callers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        try (ScriptSandbox bare = new ScriptSandbox(LIMITS)) {
            for (int i = 0; i < 20; i++) {
                bare.run(SCRIPT, EVENT); // the first runs of an engine may even overrun the timeout
            }
            measure("bare engine, 1 caller", runs, 1, () -> check(bare.run(SCRIPT, EVENT)));
        }
        ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor();
        List<String> command = SandboxPool.command("256m", List.of("-XX:+UseSerialGC"), 200,
                Duration.ofSeconds(60), LIMITS);
        List<ChildSandbox> children = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            children.add(ChildSandbox.start(command, Duration.ofSeconds(120), deadlines));
        }
        try {
            ThreadLocal<ChildSandbox> own = new ThreadLocal<>();
            List<ChildSandbox> free = new ArrayList<>(children);
            measure("child sandboxes, " + callers + " callers", runs, callers, () -> {
                if (own.get() == null) {
                    synchronized (free) {
                        own.set(free.removeLast());
                    }
                }
                check(own.get().run(SCRIPT, EVENT, Duration.ofSeconds(5)));
            });
        } finally {
            children.forEach(ChildSandbox::kill);
            deadlines.shutdownNow();
        }
    }

    interface Run {
        void once() throws Exception;
    }

    private static void check(RunResult result) {
        if (!result.succeeded()) {
            throw new IllegalStateException(result.error());
        }
    }

    /** A warm-up of {@code runs} per caller, then {@code runs} measured per caller. */
    private static void measure(String label, int runs, int callers, Run run) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        for (int phase = 0; phase < 2; phase++) {
            long[][] latencies = new long[callers][runs];
            long started = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                long[] mine = latencies[c];
                done.add(pool.submit(() -> {
                    for (int i = 0; i < runs; i++) {
                        long t = System.nanoTime();
                        run.once();
                        mine[i] = System.nanoTime() - t;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (phase == 1) {
                long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
                System.out.printf("%-32s p50 %6.2f ms  p99 %6.2f ms  %7.0f runs/s  (%d runs)%n", label,
                        all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, all.length / seconds,
                        all.length);
            }
        }
        pool.shutdown();
    }
}

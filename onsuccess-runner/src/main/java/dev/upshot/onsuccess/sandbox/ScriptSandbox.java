package dev.upshot.onsuccess.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyExecutable;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs on_success scripts with GraalJS: one shared Engine, compiled sources cached, a fresh Context per run (made
 * ahead of the run and closed after it when the caller asks, {@link #prepareNext()}) with
 * every restriction set by hand (the community edition has no sandbox policy beyond TRUSTED/CONSTRAINED, and
 * CONSTRAINED refuses the string-length limit). A watchdog cancels the run on wall-clock time, allocation or
 * output; what no in-process limit stops (catch-and-recurse near the stack limit) is why this class runs inside a
 * child process that its parent kills. Not thread-safe: one run at a time.
 */
public final class ScriptSandbox implements AutoCloseable {
    public static final String SCRIPT_NAME = "on_success.js";
    private static final Set<String> UPDATE_KINDS = Set.of("tags", "context", "metadata");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Defines {@code e}, {@code event} and a frozen {@code current_asset} whose update sends JSON to the host. */
    private static final String PRELUDE = """
            (function (send, eventJson) {
              'use strict';
              const stringify = JSON.stringify;
              const event = JSON.parse(eventJson);
              const update = function update(changes) { send(stringify(changes === undefined ? null : changes)); };
              const asset = Object.freeze({ update: Object.freeze(update) });
              for (const [name, value] of [['e', event], ['event', event]]) {
                Object.defineProperty(globalThis, name, { value, writable: true, configurable: false });
              }
              Object.defineProperty(globalThis, 'current_asset', { value: asset, writable: false, configurable: false });
            })
            """;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final SandboxLimits limits;
    private final Engine engine;
    private final ResourceLimits resourceLimits;
    private final Source prelude;
    private final Map<String, Source> sources;
    /** The next run's context, made ahead of it ({@link #prepareNext()}); null when none is ready. */
    private Fresh next;
    /** The last run's context, until {@link #prepareNext()} or the next run closes it. */
    private Context spent;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-watchdog");
        t.setDaemon(true);
        return t;
    });

    public ScriptSandbox(SandboxLimits limits) {
        this.limits = limits;
        this.engine = Engine.newBuilder("js")
                .option("engine.WarnInterpreterOnly", "false")
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .build();
        // one instance for every context: a shared engine wants identical limits
        this.resourceLimits = ResourceLimits.newBuilder().statementLimit(limits.statementLimit(), null).build();
        this.prelude = Source.newBuilder("js", PRELUDE, "prelude.js").buildLiteral();
        this.sources = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Source> eldest) {
                return size() > limits.cachedSources();
            }
        };
    }

    /**
     * @param script    the on_success JavaScript
     * @param eventJson {@code {"upload_info": …, "status": "success"}}
     */
    public RunResult run(String script, String eventJson) {
        closeSpent();
        Source source = sources.computeIfAbsent(script,
                s -> Source.newBuilder("js", s, SCRIPT_NAME).buildLiteral());
        Fresh fresh = next != null ? next : fresh();
        next = null;
        Run run = fresh.run();
        Context context = fresh.context();
        spent = context;
        ScheduledFuture<?> guard = watch(context, run, Thread.currentThread().threadId());
        try {
            fresh.prelude().execute((ProxyExecutable) args -> {
                run.update(args[0].asString());
                return null;
            }, eventJson);
            context.eval(source);
        } catch (PolyglotException e) {
            return RunResult.failure(run.breach != null ? run.breach : describe(e));
        } finally {
            guard.cancel(false);
        }
        return run.breach != null ? RunResult.failure(run.breach) : RunResult.success(run.updateJson());
    }

    /**
     * Closes the last run's context and readies the next run's while the sandbox waits for work: building a
     * context, its global objects and the prelude was half of a one-line script's run, closing one a quarter of the
     * rest. It is as fresh as one built at the start of the run (nothing
     * has run in it but the prelude's definition), so no run sees another's state.
     */
    public void prepareNext() {
        closeSpent();
        if (next == null) {
            next = fresh();
        }
    }

    /** The last run's context is closed off the run's path; its outcome is known already. */
    private void closeSpent() {
        if (spent != null) {
            try {
                spent.close(true);
            } catch (PolyglotException e) {
                // a cancelled context reports its cancellation again
            }
            spent = null;
        }
    }

    private Fresh fresh() {
        Run run = new Run();
        Context context = newContext(run);
        try {
            return new Fresh(context, run, context.eval(prelude));
        } catch (RuntimeException e) {
            context.close(true);
            throw e;
        }
    }

    /** A context nothing ran in but the prelude's definition, with the state its run will fill. */
    private record Fresh(Context context, Run run, Value prelude) {
    }

    private Context newContext(Run run) {
        return Context.newBuilder("js")
                .engine(engine)
                .allowHostAccess(HostAccess.CONSTRAINED)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowIO(IOAccess.NONE)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowCreateThread(false)
                .allowNativeAccess(false)
                .allowCreateProcess(false)
                .allowHostClassLoading(false)
                .allowExperimentalOptions(true)
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.graal-builtin", "false")
                .option("js.polyglot-builtin", "false")
                .option("js.java-package-globals", "false")
                .option("js.shared-array-buffer", "false")
                .option("js.string-length-limit", Integer.toString(limits.stringLength()))
                .option("js.unhandled-rejections", "throw")
                .resourceLimits(resourceLimits)
                .out(run.output)
                .err(run.output)
                .build();
    }

    /** Cancels the run past its time or allocation budget, or once another limit was breached. */
    private ScheduledFuture<?> watch(Context context, Run run, long threadId) {
        long started = System.nanoTime();
        long allocatedBefore = THREADS.getThreadAllocatedBytes(threadId);
        return watchdog.scheduleAtFixedRate(() -> {
            if (run.breach == null && System.nanoTime() - started > limits.timeoutMillis() * 1_000_000) {
                run.breach = "Script timed out after " + limits.timeoutMillis() + " ms";
            } else if (run.breach == null
                    && THREADS.getThreadAllocatedBytes(threadId) - allocatedBefore > limits.allocationBytes()) {
                run.breach = "Script exceeded the allocation limit of " + limits.allocationBytes() + " bytes";
            }
            if (run.breach != null) {
                context.close(true);
            }
        }, 5, 5, TimeUnit.MILLISECONDS);
    }

    /** The engine's message, with {@code line:column} added when the message lacks it. */
    static String describe(PolyglotException e) {
        if (e.isResourceExhausted()) {
            return "Script exceeded its statement limit";
        }
        if (e.isCancelled()) {
            return "Script was cancelled";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e.isInternalError() || e.isHostException()) {
            return "Script failed: " + message;
        }
        SourceSection at = e.getSourceLocation();
        if (at != null && at.getSource().getName().equals(SCRIPT_NAME) && !message.contains(SCRIPT_NAME + ":")) {
            message += " (" + SCRIPT_NAME + ":" + at.getStartLine() + ":" + at.getStartColumn() + ")";
        }
        return message;
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        closeSpent();
        if (next != null) {
            next.context().close(true);
        }
        engine.close(true);
    }

    /** State of one run, shared with the watchdog and the host function. */
    private final class Run {
        volatile String breach;
        private final ObjectNode update = MAPPER.createObjectNode();
        private int calls;
        final OutputStream output = new OutputStream() {
            private long written;

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                written += len;
                if (written > limits.outputBytes()) {
                    breach = "Script exceeded the output limit of " + limits.outputBytes() + " bytes";
                    throw new IllegalStateException(breach);
                }
            }
        };

        /**
         * Each call replaces the kinds it names; kinds named only by an earlier call stay as that call set them.
         * A bad call fails the whole run, even when the script catches the exception.
         */
        void update(String json) {
            if (++calls > limits.updateCalls()) {
                refuse("current_asset.update called more than " + limits.updateCalls() + " times");
            }
            if (json == null || json.length() > limits.updateBytes()) {
                refuse("current_asset.update argument larger than " + limits.updateBytes() + " bytes");
            }
            JsonNode changes;
            try {
                changes = MAPPER.readTree(json);
            } catch (JsonProcessingException e) {
                changes = null;
            }
            if (changes == null || !changes.isObject()) {
                refuse("current_asset.update needs an object");
            }
            for (var field : changes.properties()) {
                if (!UPDATE_KINDS.contains(field.getKey())) {
                    refuse("current_asset.update cannot change " + field.getKey() + " (only tags, context, metadata)");
                }
                update.set(field.getKey(), field.getValue());
            }
        }

        private void refuse(String reason) {
            if (breach == null) {
                breach = reason;
            }
            throw new IllegalStateException(reason);
        }

        String updateJson() {
            return calls == 0 ? null : update.toString();
        }
    }
}

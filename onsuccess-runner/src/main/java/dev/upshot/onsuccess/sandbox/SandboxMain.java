package dev.upshot.onsuccess.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Entry point of a child sandbox process: {@code SandboxMain <limits JSON> <warm-up runs> <warm-up ms>}. Warms the
 * engine up (that many runs, or until that much time has passed),
 * announces {@link Frames.Ready}, then answers one {@link Frames.Request} at a time with a {@link RunResult} until
 * stdin closes. Only frames go to stdout; anything else the JVM prints goes to stderr.
 */
public final class SandboxMain {
    /** Touches what typical scripts touch: JSON, optional chaining, spreading, the update call. */
    static final String WARM_UP_SCRIPT = """
            const caption = e.upload_info?.info?.detection?.captioning?.data?.caption;
            const big = (e.upload_info.width ?? 0) > 1000;
            current_asset.update({ tags: [...(e.upload_info.tags ?? []), 'warm'],
              context: { caption: caption ?? 'none' }, metadata: big ? { rating: 'x' } : {} });
            """;
    static final String WARM_UP_EVENT = """
            {"upload_info":{"public_id":"warm","width":1200,"tags":["a"]},"status":"success"}""";

    private SandboxMain() {
    }

    /**
     * A runner killed with SIGKILL cannot kill its children, and a child spinning in a hostile script never reads
     * the closed stdin: a daemon thread halts this JVM once the parent is gone (halt works whatever the script does).
     */
    private static void exitWithParent() {
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        if (parent == null) {
            return;
        }
        Thread watchdog = new Thread(() -> {
            while (parent.isAlive()) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    public static void main(String[] args) throws IOException {
        exitWithParent();
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out));
        System.setOut(System.err);
        SandboxLimits limits = new ObjectMapper().readValue(args[0], SandboxLimits.class);
        int warmUpRuns = Integer.parseInt(args[1]);
        long warmUpNanos = Long.parseLong(args[2]) * 1_000_000;
        InputStream in = new BufferedInputStream(System.in);
        try (ScriptSandbox sandbox = new ScriptSandbox(limits)) {
            long started = System.nanoTime();
            for (int i = 0; i < warmUpRuns && System.nanoTime() - started < warmUpNanos; i++) {
                sandbox.run(WARM_UP_SCRIPT, WARM_UP_EVENT);
            }
            // the warm-up's garbage filled the young generation: a full collection gives that memory back before
            // the child waits for work, possibly for hours
            System.gc();
            sandbox.prepareNext();
            Frames.write(out, new Frames.Ready((System.nanoTime() - started) / 1_000_000));
            while (true) {
                Frames.Request request;
                try {
                    request = Frames.read(in, Frames.Request.class);
                } catch (EOFException e) {
                    break;
                }
                Frames.write(out, sandbox.run(request.script(), request.eventJson()));
                sandbox.prepareNext();   // after the answer: off the next run's path
            }
        }
        // a run may have left engine threads behind; the parent only waits for this process to end
        System.exit(0);
    }
}

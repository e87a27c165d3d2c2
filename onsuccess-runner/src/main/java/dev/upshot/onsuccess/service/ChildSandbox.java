package dev.upshot.onsuccess.service;

import dev.upshot.onsuccess.sandbox.Frames;
import dev.upshot.onsuccess.sandbox.RunResult;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The parent's handle on one child sandbox process. Used by one caller at a time, which reads the answer on its own
 * thread: a deadline timer kills the child when the answer is late, and the kill ends the read (the pipe closes).
 * A reader thread per run cost two thread wake-ups on every script's path.
 */
final class ChildSandbox {
    private final Process process;
    private final InputStream fromChild;
    private final OutputStream toChild;
    private final ScheduledExecutorService deadlines;

    private ChildSandbox(Process process, ScheduledExecutorService deadlines) {
        this.process = process;
        this.fromChild = new BufferedInputStream(process.getInputStream());
        this.toChild = new BufferedOutputStream(process.getOutputStream());
        this.deadlines = deadlines;
    }

    /** Starts the process and waits until it announced that it is warm. */
    static ChildSandbox start(List<String> command, Duration timeout, ScheduledExecutorService deadlines)
            throws IOException, TimeoutException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ChildSandbox child = new ChildSandbox(process, deadlines);
        child.await(Frames.Ready.class, timeout);
        return child;
    }

    /**
     * @throws TimeoutException when the child did not answer in time (it is killed)
     * @throws IOException      when the child died or answered garbage
     */
    RunResult run(String script, String eventJson, Duration timeout) throws IOException, TimeoutException {
        Frames.write(toChild, new Frames.Request(script, eventJson));
        return await(RunResult.class, timeout);
    }

    private <T> T await(Class<T> type, Duration timeout) throws IOException, TimeoutException {
        // whoever sets it first decides: the deadline (kill) or the read (answer in time); never both
        AtomicBoolean settled = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            if (settled.compareAndSet(false, true)) {
                kill();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        T answer;
        try {
            answer = Frames.read(fromChild, type);
        } catch (IOException | RuntimeException e) {
            kill();
            if (!settled.compareAndSet(false, true)) {
                throw new TimeoutException("no answer within " + timeout.toMillis() + " ms");
            }
            deadline.cancel(false);
            throw e instanceof IOException io ? io : new IOException(e);
        }
        if (!settled.compareAndSet(false, true)) {
            throw new TimeoutException("answered after " + timeout.toMillis() + " ms, killed meanwhile");
        }
        deadline.cancel(false);
        return answer;
    }

    /** kill -9: a script spinning near the stack limit ignores every gentler way. */
    void kill() {
        process.destroyForcibly();
    }

    long pid() {
        return process.pid();
    }
}

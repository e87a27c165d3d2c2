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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The parent's handle on one child sandbox process. Used by one caller at a time. */
final class ChildSandbox {
    private final Process process;
    private final InputStream fromChild;
    private final OutputStream toChild;
    private final ExecutorService readers;

    private ChildSandbox(Process process, ExecutorService readers) {
        this.process = process;
        this.fromChild = new BufferedInputStream(process.getInputStream());
        this.toChild = new BufferedOutputStream(process.getOutputStream());
        this.readers = readers;
    }

    /** Starts the process and waits until it announced that it is warm. */
    static ChildSandbox start(List<String> command, Duration timeout, ExecutorService readers)
            throws IOException, TimeoutException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ChildSandbox child = new ChildSandbox(process, readers);
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
        Future<T> answer = readers.submit(() -> Frames.read(fromChild, type));
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            kill();
            throw e;
        } catch (ExecutionException e) {
            kill();
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IOException("interrupted", e);
        }
    }

    /** kill -9: a script spinning near the stack limit ignores every gentler way. */
    void kill() {
        process.destroyForcibly();
    }

    long pid() {
        return process.pid();
    }
}

package dev.upshot.messaging;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * Processing metrics shared by the workers, as Prometheus histograms: {@code upshot_work_duration_seconds{kind,
 * outcome}} (one analysis, moderation kind or derivation; the scraped service tells the worker) and {@code
 * upshot_model_inference_seconds{model}}. Recorded in Micrometer's global registry, which Quarkus backs with the
 * service's Prometheus registry, so model and pipeline code needs no registry handed in (and records nothing in
 * plain unit tests).
 */
public final class WorkMetrics {
    private WorkMetrics() {
    }

    /** A piece of work that may throw {@code E} (or nothing checked). */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** Runs {@code work} and records its time under {@code kind}, with outcome {@code ok} or {@code failed}. */
    public static <T, E extends Exception> T timed(String kind, Work<T, E> work) throws E {
        Timer.Sample sample = Timer.start(Metrics.globalRegistry);
        boolean ok = false;
        try {
            T result = work.run();
            ok = true;
            return result;
        } finally {
            sample.stop(work(kind, ok));
        }
    }

    /** Records the time of {@code work} under {@code kind} when it completes or fails. */
    public static <T> Uni<T> timed(String kind, Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(Metrics.globalRegistry);
            return work.onItemOrFailure().invoke((item, failure) -> sample.stop(work(kind, failure == null)));
        });
    }

    /** Runs one inference of {@code model} and records its time. */
    public static <T, E extends Exception> T inference(String model, Work<T, E> run) throws E {
        Timer.Sample sample = Timer.start(Metrics.globalRegistry);
        try {
            return run.run();
        } finally {
            sample.stop(Timer.builder("upshot.model.inference").description("One inference of a model")
                    .tag("model", model).publishPercentileHistogram().register(Metrics.globalRegistry));
        }
    }

    private static Timer work(String kind, boolean ok) {
        return Timer.builder("upshot.work.duration").description("One unit of a worker's processing, by kind")
                .tag("kind", kind).tag("outcome", ok ? "ok" : "failed").publishPercentileHistogram()
                .register(Metrics.globalRegistry);
    }
}

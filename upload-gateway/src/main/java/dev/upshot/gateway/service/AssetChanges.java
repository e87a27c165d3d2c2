package dev.upshot.gateway.service;

import dev.upshot.messaging.CommitSignals;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lets a request wait for the next committed change of one asset row, whichever replica made it (the row's trigger
 * sends {@code NOTIFY asset_<schema>} with the asset id). Register before reading the row, so a change between the
 * read and the wait is not missed.
 */
@ApplicationScoped
public class AssetChanges {
    private final CommitSignals signals;
    private final Map<String, List<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    public AssetChanges(CommitSignals signals) {
        this.signals = signals;
    }

    void start(@Observes StartupEvent event) {
        signals.listen("asset", this::changed);
    }

    /** A registration for the next change of {@code assetId}; always {@link Change#close() close} it. */
    public Change watch(String assetId) {
        CompletableFuture<Void> next = new CompletableFuture<>();
        waiting.computeIfAbsent(assetId, id -> new CopyOnWriteArrayList<>()).add(next);
        return new Change(assetId, next);
    }

    private void changed(String assetId) {
        List<CompletableFuture<Void>> futures = waiting.remove(assetId);
        if (futures != null) {
            futures.forEach(f -> f.complete(null));
        }
    }

    /** One registration. */
    public final class Change implements AutoCloseable {
        private final String assetId;
        private final CompletableFuture<Void> next;

        private Change(String assetId, CompletableFuture<Void> next) {
            this.assetId = assetId;
            this.next = next;
        }

        /**
         * Completes on the caller's Vert.x context when the row changed, or after {@code atMost} (the fallback while
         * the LISTEN connection is being re-established).
         */
        public Uni<Void> next(Duration atMost) {
            Context context = Vertx.currentContext();
            return Uni.createFrom().completionStage(next).ifNoItem().after(atMost).recoverWithItem((Void) null)
                    .emitOn(task -> context.runOnContext(ignored -> task.run()));
        }

        @Override
        public void close() {
            waiting.computeIfPresent(assetId, (id, list) -> {
                list.remove(next);
                return list.isEmpty() ? null : list;
            });
        }
    }
}

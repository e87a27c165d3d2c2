package dev.upshot.onsuccess.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.AssetProcessed;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.OnSuccessCompleted;
import dev.upshot.onsuccess.sandbox.RunResult;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/** Runs an asset's on_success script in the pool and says what came of it, as the event the gateway reads. */
@ApplicationScoped
public class OnSuccessRunner {
    private final SandboxPool pool;
    private final Vertx vertx;

    public OnSuccessRunner(SandboxPool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    /** Blocks a worker thread, never the event loop; the result comes back on the caller's context. */
    public Uni<OnSuccessCompleted> run(AssetProcessed processed) {
        ObjectNode event = EventCodec.mapper().createObjectNode();
        event.set("upload_info", processed.uploadInfo());
        event.put("status", "success");
        return vertx.executeBlocking(Uni.createFrom().item(() -> pool.run(processed.onSuccess(), event.toString())),
                false).map(OnSuccessRunner::completed);
    }

    static OnSuccessCompleted completed(RunResult result) {
        if (!result.succeeded()) {
            return OnSuccessCompleted.failure(result.error());
        }
        if (result.updateJson() == null) {
            return OnSuccessCompleted.success(null);
        }
        try {
            return OnSuccessCompleted.success((ObjectNode) EventCodec.mapper().readTree(result.updateJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sandbox answered an update that is not JSON", e);
        }
    }
}

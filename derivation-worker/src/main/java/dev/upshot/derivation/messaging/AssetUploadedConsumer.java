package dev.upshot.derivation.messaging;

import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.DerivativesCreated;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import dev.upshot.derivation.service.Derivations;
import dev.upshot.messaging.IdempotentConsumer;
import dev.upshot.messaging.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code derivation.requested} (uploads with {@code eager}) → the derivatives, stored → {@code derivatives.created}
 * through the outbox, once per event. The images are rendered on a worker thread outside any transaction; a redelivery after a
 * crash renders again into the same keys. An original that cannot be rendered at all fails every derivative, once.
 */
@ApplicationScoped
public class AssetUploadedConsumer {
    private final IdempotentConsumer consumer;
    private final Derivations derivations;
    private final Outbox outbox;
    private final Vertx vertx;

    public AssetUploadedConsumer(IdempotentConsumer consumer, Derivations derivations, Outbox outbox, Vertx vertx) {
        this.consumer = consumer;
        this.derivations = derivations;
        this.outbox = outbox;
        this.vertx = vertx;
    }

    @Incoming("asset-uploaded")
    public Uni<Void> onUploaded(String message) {
        return consumer.<DerivativesCreated>consume("asset-uploaded", message,
                envelope -> AssetUploaded.of(envelope).wakes(Topics.DERIVATION_REQUESTED), envelope -> {
            AssetUploaded uploaded = AssetUploaded.of(envelope);
            var original = new Derivations.Original(uploaded.bucket(), uploaded.objectKey(), uploaded.format());
            return vertx.executeBlocking(Uni.createFrom().item(() -> {
                try {
                    return derivations.eager(original, uploaded.requested().eager());
                } catch (Exception e) {
                    throw new IllegalStateException("derivatives of " + envelope.assetId() + " not stored", e);
                }
            }), false);
        }, this::announce,
                // a corrupt original or an encoder error: every asked derivative fails, recorded on the asset
                (envelope, failure) -> announce(envelope, new DerivativesCreated(List.of(),
                        AssetUploaded.of(envelope).requested().eager().stream().collect(
                                Collectors.toMap(t -> t, t -> "derivation failed: " + rootMessage(failure),
                                        (a, b) -> a, LinkedHashMap::new)))));
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private Uni<Void> announce(Envelope envelope, DerivativesCreated created) {
        return outbox.append(Topics.DERIVATIVES_CREATED, EventCodec.wrap(created, envelope.assetId(),
                envelope.assetVersion(), envelope.cloud(), Instant.now()));
    }
}

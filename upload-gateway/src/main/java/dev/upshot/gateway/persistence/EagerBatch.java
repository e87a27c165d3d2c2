package dev.upshot.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An upload's eager request, kept until its derivatives are reported: what the answer or notification needs. */
@Entity
@Table(name = "eager_batch")
public class EagerBatch extends PanacheEntityBase {
    @Id
    @Column(name = "batch_id")
    public String batchId;
    @Column(name = "asset_id")
    public String assetId;
    @Column(name = "asset_version")
    public long assetVersion;
    /** eager_async: answered at once, reported by an {@code eager} notification. */
    public boolean async;
    /** eager_notification_url, else the upload's notification_url; null for neither. */
    @Column(name = "notification_url")
    public String notificationUrl;
    /** Base of the derivatives' delivery URLs, as the upload's response used. */
    @Column(name = "base_url")
    public String baseUrl;
    @Column(name = "created_at")
    public Instant createdAt;

    public static Uni<EagerBatch> forAsset(String assetId, long version) {
        return find("assetId = ?1 and assetVersion = ?2", assetId, version).firstResult();
    }

    /** A delete statement, see {@link UploadPreset#deleteByName}. */
    public Uni<Void> remove() {
        return delete("batchId = ?1", batchId).replaceWithVoid();
    }
}

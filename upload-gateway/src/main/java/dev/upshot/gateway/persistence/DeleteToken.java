package dev.upshot.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A token an upload with {@code return_delete_token} answered: whoever holds it may delete that asset, unsigned,
 * until it expires. Its row goes with the asset's (foreign key, on delete cascade).
 */
@Entity
@Table(name = "delete_token")
public class DeleteToken extends PanacheEntityBase {
    @Id
    public String token;
    @Column(name = "asset_id")
    public String assetId;
    @Column(name = "expires_at")
    public Instant expiresAt;

    /** The token's row, if it has not expired. */
    public static Uni<DeleteToken> valid(String token, Instant now) {
        return find("token = ?1 and expiresAt > ?2", token, now).firstResult();
    }

    /** Expired tokens, by statement (see {@link NoEntityRemoval}). */
    public static Uni<Long> deleteExpired(Instant now) {
        return delete("expiresAt <= ?1", now);
    }
}

package dev.upshot.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A token a {@code return_delete_token=true} upload answered, kept as its SHA-256 only: whoever holds the token may
 * delete that version of the asset, unsigned, once, until it expires. The asset's deletion takes its rows with it.
 */
@Entity
@Table(name = "delete_token")
public class DeleteToken extends PanacheEntityBase {
    @Id
    @Column(name = "token_hash")
    public String tokenHash;
    @Column(name = "asset_id")
    public String assetId;
    /** The version the upload made: a later overwrite is not the upload the token was given for. */
    public long version;
    @Column(name = "expires_at")
    public Instant expiresAt;

    /** The token's row if it has not expired, unlocked (the asset is locked first, as every deletion does). */
    public static Uni<DeleteToken> valid(String tokenHash, Instant now) {
        return find("tokenHash = ?1 and expiresAt > ?2", tokenHash, now).firstResult();
    }

    /** Uses the token up, by statement: 1 when this call used it, 0 when another already had. */
    public static Uni<Long> use(String tokenHash) {
        return delete("tokenHash", tokenHash);
    }

    /** Drops expired tokens, by statement (see {@link NoEntityRemoval}). */
    public static Uni<Long> deleteExpired(Instant now) {
        return delete("expiresAt <= ?1", now);
    }
}

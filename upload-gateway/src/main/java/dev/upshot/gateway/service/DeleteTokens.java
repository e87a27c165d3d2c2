package dev.upshot.gateway.service;

import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.DeleteToken;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The Upload API's {@code delete_by_token}: an upload with {@code return_delete_token=true} answers a token with
 * which a browser may delete that asset, unsigned, for {@link #VALID_FOR}. The table holds only the token's SHA-256.
 */
@ApplicationScoped
public class DeleteTokens {
    /** Cloudinary's validity of a delete token. */
    public static final Duration VALID_FOR = Duration.ofMinutes(10);

    private final AssetDeletion deletion;
    private final Accounts accounts;
    private final SecureRandom random = new SecureRandom();

    public DeleteTokens(AssetDeletion deletion, Accounts accounts) {
        this.deletion = deletion;
        this.accounts = accounts;
    }

    /** Within the upload's transaction: a new token for the asset (expired ones are dropped on the way). */
    public Uni<String> issue(Asset asset, Instant now) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        DeleteToken row = new DeleteToken();
        row.token = ReviewSessions.hash(token);
        row.assetId = asset.assetId;
        row.expiresAt = now.plus(VALID_FOR);
        return DeleteToken.deleteExpired(now).chain(row::persist).replaceWith(token);
    }

    /** {@code delete_by_token}'s answer. */
    public record Result(String result) {
    }

    /**
     * Deletes the token's asset as {@code destroy} does (events, notifications, objects).
     *
     * @throws ApiException 400 for an unknown or expired token
     */
    public Uni<Result> delete(String cloud, String token) {
        accounts.byCloud(cloud);
        if (token == null || token.isEmpty()) {
            throw ApiException.badRequest("Missing required parameter - token");
        }
        Instant now = Instant.now();
        return Panache.withTransaction(() -> DeleteToken.valid(ReviewSessions.hash(token), now).chain(row -> {
                    if (row == null) {
                        throw stale();
                    }
                    return Asset.<Asset>find("assetId = ?1 and cloud = ?2", row.assetId, cloud)
                            .withLock(LockModeType.PESSIMISTIC_WRITE).list();
                }).call(found -> deletion.delete(found, Optional.empty())))
                .invoke(deletion::removeObjects)
                .map(found -> {
                    if (found.isEmpty()) {
                        throw stale(); // a concurrent call with the same token deleted it first
                    }
                    return new Result("ok");
                });
    }

    private static ApiException stale() {
        return ApiException.badRequest("Stale or invalid token");
    }
}

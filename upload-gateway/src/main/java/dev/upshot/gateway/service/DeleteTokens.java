package dev.upshot.gateway.service;

import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.DeleteToken;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Upload API's {@code delete_by_token}: an upload with {@code return_delete_token=true} answers a
 * {@code delete_token} with which a browser deletes the asset it made, unsigned, once, for
 * {@code upshot.upload.delete-token-validity}. Only the token's SHA-256 is stored. The deletion is {@code destroy}'s
 * ({@link AssetDeletion}: rows, event, notification in one transaction, then the objects).
 */
@ApplicationScoped
public class DeleteTokens {
    private final AssetDeletion deletion;
    private final Accounts accounts;
    private final GatewayConfig config;
    private final Clock clock = Clock.systemUTC();

    public DeleteTokens(AssetDeletion deletion, Accounts accounts, GatewayConfig config) {
        this.deletion = deletion;
        this.accounts = accounts;
        this.config = config;
    }

    /** {@code delete_by_token}'s answer. */
    public record Result(String result) {
    }

    /** Within the upload's transaction: a new token for the version just stored (expired ones are dropped). */
    public Uni<String> issue(Asset asset) {
        String token = SecretTokens.generate();
        Instant now = clock.instant();
        DeleteToken row = new DeleteToken();
        row.tokenHash = SecretTokens.hash(token);
        row.assetId = asset.assetId;
        row.version = asset.version;
        row.expiresAt = now.plus(config.upload().deleteTokenValidity());
        return DeleteToken.deleteExpired(now).chain(row::persist).replaceWith(token);
    }

    /**
     * Deletes the token's asset as {@code destroy} does. The asset row is locked before the token is used up, the
     * order of every deletion (the asset's row goes first, its tokens with it), so concurrent calls with one token
     * delete once and the others find it stale.
     *
     * @throws ApiException 400 without a token, or for one unknown, expired, used, or of an overwritten version
     */
    public Uni<Result> delete(String cloud, String token) {
        accounts.byCloud(cloud);
        if (token == null || token.isBlank()) {
            throw ApiException.badRequest("Missing required parameter - token");
        }
        String hash = SecretTokens.hash(token.strip());
        return Panache.withTransaction(() -> DeleteToken.valid(hash, clock.instant())
                        .chain(row -> row == null ? Uni.createFrom().<List<Asset>>failure(stale())
                                : Asset.<Asset>find("assetId = ?1 and cloud = ?2 and version = ?3", row.assetId,
                                        cloud, row.version).withLock(LockModeType.PESSIMISTIC_WRITE).list())
                        .call(found -> DeleteToken.use(hash).invoke(used -> {
                            if (found.isEmpty() || used == 0) {
                                throw stale();
                            }
                        }))
                        .call(found -> deletion.delete(found, Optional.empty())))
                .invoke(deletion::removeObjects)
                .replaceWith(new Result("ok"));
    }

    private static ApiException stale() {
        return ApiException.badRequest("Stale or invalid token");
    }
}

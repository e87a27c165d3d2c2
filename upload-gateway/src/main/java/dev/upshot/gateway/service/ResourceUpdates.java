package dev.upshot.gateway.service;

import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.AccessRule;
import dev.upshot.gateway.persistence.Asset;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Admin API's {@code update} of one resource: a manual moderation decision, add-ons and {@code access_control},
 * in one transaction.
 */
@ApplicationScoped
public class ResourceUpdates {
    private final Accounts accounts;
    private final ModerationChain moderation;
    private final StoredAssetWork work;

    public ResourceUpdates(Accounts accounts, ModerationChain moderation, StoredAssetWork work) {
        this.accounts = accounts;
        this.moderation = moderation;
        this.work = work;
    }

    /**
     * @param status the moderation decision, if any
     * @param addOns        the add-on parameters ({@link StoredAssetWork#UPDATE_ADD_ONS}) as sent
     * @param accessControl the asset's new access rules, if given (an empty list makes it public again)
     * @return the resource as it is after the update, with add-ons pending under {@code info}
     */
    public Uni<AssetView> update(URI base, String cloud, String resourceType, String type, String publicId,
                                 Optional<String> status, Map<String, String> addOns,
                                 Optional<List<AccessRule>> accessControl, Optional<String> notificationUrl) {
        GatewayConfig.Account account = accounts.byCloud(cloud);
        return Panache.withTransaction(() -> Asset.findByPublicId(cloud, resourceType, type, publicId)
                .chain(asset -> {
                    if (asset == null) {
                        throw ApiException.notFound("Resource not found - " + publicId);
                    }
                    accessControl.ifPresent(rules -> asset.accessControl = new ArrayList<>(rules));
                    Uni<Asset> decided = status.isEmpty() ? Uni.createFrom().item(asset)
                            : moderation.decideManually(asset, status.get(), notificationUrl, base).replaceWith(asset);
                    return decided.chain(a -> addOns.isEmpty() ? Uni.createFrom().item(a)
                                    : work.update(account, a, addOns, notificationUrl, base))
                            .map(a -> AssetView.of(base, a).withResults(a,
                                    field -> !addOns.isEmpty() && field.equals("info")));
                }));
    }
}

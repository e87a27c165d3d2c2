package dev.upshot.gateway.service;

import dev.upshot.contracts.AssetContextChanged;
import dev.upshot.contracts.AssetMetadataChanged;
import dev.upshot.contracts.AssetTagsChanged;
import dev.upshot.contracts.Event;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.AccessRule;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Admin API's {@code update} of one resource: its tags, context, metadata, custom coordinates and access rules, a
 * manual moderation decision and add-ons, in one transaction with their events. The asset is locked while it
 * changes, so concurrent updates apply one after the other.
 */
@ApplicationScoped
public class ResourceUpdates {
    private final Accounts accounts;
    private final ModerationChain moderation;
    private final StoredAssetWork work;
    private final MetadataFields metadataFields;
    private final Outbox outbox;

    public ResourceUpdates(Accounts accounts, ModerationChain moderation, StoredAssetWork work,
                           MetadataFields metadataFields, Outbox outbox) {
        this.accounts = accounts;
        this.moderation = moderation;
        this.work = work;
        this.metadataFields = metadataFields;
        this.outbox = outbox;
    }

    /**
     * The attributes an update sets; an empty one stays as it is.
     *
     * @param tags              replace the asset's tags
     * @param context           replaces the asset's context
     * @param metadata          merged as the Upload API's {@code metadata} merges it (an empty value clears)
     * @param clearInvalid      drop metadata values the definitions no longer accept
     * @param customCoordinates replace the asset's custom coordinates ({@code [x, y, width, height]} each)
     * @param accessControl     replace the asset's access rules (an empty list makes it public again)
     */
    public record Attributes(Optional<List<String>> tags, Optional<Map<String, String>> context,
                             Map<String, Object> metadata, boolean clearInvalid,
                             Optional<List<List<Integer>>> customCoordinates,
                             Optional<List<AccessRule>> accessControl) {
        /** An update that sets no attribute (a moderation decision alone). */
        public static final Attributes NONE = new Attributes(Optional.empty(), Optional.empty(), Map.of(), false,
                Optional.empty(), Optional.empty());

        boolean changesMetadata() {
            return !metadata.isEmpty() || clearInvalid;
        }
    }

    /**
     * @param status the moderation decision, if any
     * @param addOns        the add-on parameters ({@link StoredAssetWork#UPDATE_ADD_ONS}) as sent
     * @return the resource as it is after the update, with add-ons pending under {@code info}
     */
    public Uni<AssetView> update(URI base, String cloud, String resourceType, String type, String publicId,
                                 Attributes attributes, Optional<String> status, Map<String, String> addOns,
                                 Optional<String> notificationUrl) {
        GatewayConfig.Account account = accounts.byCloud(cloud);
        return Panache.withTransaction(() -> (attributes.changesMetadata()
                ? metadataFields.definitions(cloud)
                        .map(fields -> MetadataUpdate.check(fields, attributes.metadata(), attributes.clearInvalid()))
                : Uni.createFrom().<MetadataUpdate>nullItem())
                .chain(metadata -> Asset.locked(cloud, resourceType, type, List.of(publicId)).chain(found -> {
                    if (found.isEmpty()) {
                        throw ApiException.notFound("Resource not found - " + publicId);
                    }
                    Asset asset = found.getFirst();
                    Uni<Asset> changed = record(asset, change(asset, attributes, metadata));
                    Uni<Asset> decided = status.isEmpty() ? changed : changed.chain(a ->
                            moderation.decideManually(a, status.get(), notificationUrl, base).replaceWith(a));
                    return decided.chain(a -> addOns.isEmpty() ? Uni.createFrom().item(a)
                                    : work.update(account, a, addOns, notificationUrl, base))
                            .map(a -> AssetView.of(base, a).withResults(a,
                                    field -> !addOns.isEmpty() && field.equals("info")));
                })));
    }

    /** Applies the attributes; answers the events of what changed. */
    private static List<Event> change(Asset asset, Attributes attributes, MetadataUpdate metadata) {
        List<Event> events = new ArrayList<>();
        attributes.tags().filter(tags -> !tags.equals(asset.tags)).ifPresent(tags -> {
            asset.tags = new ArrayList<>(tags);
            events.add(new AssetTagsChanged(asset.publicId, asset.resourceType, asset.deliveryType,
                    List.copyOf(tags)));
        });
        attributes.context().filter(context -> !context.equals(asset.context)).ifPresent(context -> {
            asset.context = new LinkedHashMap<>(context);
            events.add(new AssetContextChanged(asset.publicId, asset.resourceType, asset.deliveryType,
                    Map.copyOf(context)));
        });
        if (metadata != null) {
            Map<String, Object> now = metadata.apply(asset.metadata);
            if (!now.equals(asset.metadata)) {
                asset.metadata = now;
                events.add(new AssetMetadataChanged(asset.publicId, asset.resourceType, asset.deliveryType,
                        EventCodec.mapper().valueToTree(now)));
            }
        }
        attributes.customCoordinates().ifPresent(rectangles -> asset.customCoordinates = rectangles);
        attributes.accessControl().ifPresent(rules -> asset.accessControl = new ArrayList<>(rules));
        return events;
    }

    private Uni<Asset> record(Asset asset, List<Event> events) {
        Instant now = Instant.now();
        Uni<Void> appended = Uni.createFrom().voidItem();
        for (Event event : events) {
            asset.updatedAt = now;
            appended = appended.chain(() -> outbox.append(Topics.ASSET_CHANGED,
                    EventCodec.wrap(event, asset.assetId, asset.version, asset.cloud, now)));
        }
        return appended.replaceWith(asset);
    }
}

package dev.upshot.gateway.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.AssetContextChanged;
import dev.upshot.contracts.AssetMetadataChanged;
import dev.upshot.contracts.AssetRenamed;
import dev.upshot.contracts.AssetTagsChanged;
import dev.upshot.contracts.Event;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The Upload API's actions on stored assets: {@code destroy}, {@code rename}, {@code tags}, {@code context} and
 * {@code metadata}. Signed like uploads. Each change commits in one transaction with its {@code upshot.asset.changed}
 * event (and its notification); the assets are locked while they change, so concurrent calls apply one after the
 * other. {@code invalidate} is accepted: there is no CDN cache to purge, delivery reads the row.
 */
@ApplicationScoped
public class AssetActions {
    public static final int MAX_PUBLIC_IDS = 1000;
    private static final Set<String> RESOURCE_TYPES = Set.of("image", "video", "raw");

    private final Accounts accounts;
    private final InputLimits limits;
    private final Outbox outbox;
    private final Notifications notifications;
    private final AssetDeletion deletion;
    private final MetadataFields metadataFields;

    public AssetActions(Accounts accounts, InputLimits limits, Outbox outbox, Notifications notifications,
                        AssetDeletion deletion, MetadataFields metadataFields) {
        this.accounts = accounts;
        this.limits = limits;
        this.outbox = outbox;
        this.notifications = notifications;
        this.deletion = deletion;
        this.metadataFields = metadataFields;
    }

    /** {@code destroy}'s answer: {@code ok} or {@code not found}. */
    public record DestroyResult(String result) {
    }

    /** The answer of {@code tags}, {@code context} and {@code metadata}: the public ids that exist. */
    public record PublicIdsResult(@JsonProperty("public_ids") List<String> publicIds) {
    }

    public Uni<DestroyResult> destroy(String cloud, String resourceType, ActionParams params) {
        authenticate(cloud, resourceType, params);
        String publicId = required(params, "public_id");
        String type = type(params, "type");
        params.flag("invalidate");
        Optional<String> callUrl = notificationUrl(params);
        return Panache.withTransaction(() -> Asset.locked(cloud, resourceType, type, List.of(publicId))
                        .call(found -> deletion.delete(found, callUrl)))
                .invoke(deletion::removeObjects)
                .map(found -> new DestroyResult(found.isEmpty() ? "not found" : "ok"));
    }

    /** An asset renamed, and the one it replaced ({@code overwrite}), if any. */
    private record Renamed(Asset asset, List<Asset> replaced) {
    }

    /** The asset keeps its asset id, version and objects; an existing target is replaced only with overwrite. */
    public Uni<AssetView> rename(String cloud, String resourceType, ActionParams params, URI base) {
        GatewayConfig.Account account = authenticate(cloud, resourceType, params);
        String from = required(params, "from_public_id");
        String to = PublicIds.validate(required(params, "to_public_id"));
        String type = type(params, "type");
        String toType = params.text("to_type") == null ? type : type(params, "to_type");
        boolean overwrite = params.flag("overwrite");
        params.flag("invalidate");
        Optional<String> callUrl = notificationUrl(params);
        ApiException taken = ApiException.badRequest("to_public_id " + to + " already exists");
        return Panache.withTransaction(() -> Asset.locked(cloud, resourceType, type, List.of(from)).chain(found -> {
            if (found.isEmpty()) {
                throw ApiException.notFound("Resource not found - " + from);
            }
            Asset asset = found.getFirst();
            if (from.equals(to) && type.equals(toType)) {
                return Uni.createFrom().item(new Renamed(asset, List.of()));
            }
            return Asset.claimed(cloud, resourceType, toType, to).map(target -> target == null ? List.<Asset>of()
                    : List.of(target)).chain(targets -> {
                if (!targets.isEmpty() && !overwrite) {
                    throw taken;
                }
                Instant now = Instant.now();
                ObjectNode body = EventCodec.mapper().createObjectNode().put("resource_type", resourceType)
                        .put("from_public_id", from).put("to_public_id", to).put("from_type", type)
                        .put("to_type", toType).put("asset_id", asset.assetId);
                return deletion.delete(targets, Optional.empty())
                        .invoke(() -> {
                            asset.publicId = to;
                            asset.deliveryType = toType;
                            asset.updatedAt = now;
                        })
                        .chain(() -> outbox.append(Topics.ASSET_CHANGED, EventCodec.wrap(
                                new AssetRenamed(resourceType, from, to, type, toType),
                                asset.assetId, asset.version, cloud, now)))
                        .chain(() -> notifications.send(account, asset, "rename", body, callUrl, requestId(), now))
                        .replaceWith(new Renamed(asset, targets));
            });
        })).onFailure(ApiException::duplicateKey).transform(e -> taken)
                .invoke(renamed -> deletion.removeObjects(renamed.replaced()))
                .map(renamed -> AssetView.of(base, renamed.asset()));
    }

    /**
     * {@code command}: add, remove, replace, remove_all or set_exclusive (add, and remove from every other asset of
     * the account); {@code tag} may hold several, comma-separated.
     */
    public Uni<PublicIdsResult> tags(String cloud, String resourceType, ActionParams params) {
        authenticate(cloud, resourceType, params);
        String command = required(params, "command");
        List<String> tags = UploadParameters.tags(params.text("tag", ""));
        if (!command.equals("remove_all") && tags.isEmpty()) {
            throw ApiException.badRequest("Missing required parameter - tag");
        }
        UnaryOperator<List<String>> change = switch (command) {
            case "add" -> old -> new ArrayList<>(new LinkedHashSet<>(concat(old, tags)));
            case "remove" -> old -> old.stream().filter(t -> !tags.contains(t)).toList();
            case "replace" -> old -> tags;
            case "remove_all" -> old -> List.of();
            case "set_exclusive" -> old -> new ArrayList<>(new LinkedHashSet<>(concat(old, tags)));
            default -> throw ApiException.badRequest("Invalid command " + command
                    + "; one of add, remove, replace, remove_all, set_exclusive");
        };
        // set_exclusive: the tags also leave every other asset of the account that has them
        List<String> exclusive = command.equals("set_exclusive") ? tags : List.of();
        return withAssets(cloud, resourceType, params, exclusive, () -> Uni.createFrom().voidItem(),
                (ignored, asset, named) -> {
            List<String> now = named ? change.apply(asset.tags)
                    : asset.tags.stream().filter(t -> !exclusive.contains(t)).toList();
            if (now.equals(asset.tags)) {
                return null;
            }
            asset.tags = new ArrayList<>(now);
            return new AssetTagsChanged(asset.publicId, asset.resourceType, asset.deliveryType, List.copyOf(now));
        });
    }

    /** {@code command}: add ({@code context} as {@code k=v|k2=v2}, merged) or remove_all. */
    public Uni<PublicIdsResult> context(String cloud, String resourceType, ActionParams params) {
        authenticate(cloud, resourceType, params);
        String command = required(params, "command");
        Function<Map<String, String>, Map<String, String>> change = switch (command) {
            case "add" -> {
                Map<String, String> added = UploadParameters.context(required(params, "context"));
                yield old -> {
                    Map<String, String> merged = new LinkedHashMap<>(old);
                    merged.putAll(added);
                    return merged;
                };
            }
            case "remove_all" -> old -> new LinkedHashMap<>();
            default -> throw ApiException.badRequest("Invalid command " + command + "; one of add, remove_all");
        };
        return changeEach(cloud, resourceType, params, asset -> {
            Map<String, String> now = change.apply(asset.context);
            if (now.equals(asset.context)) {
                return null;
            }
            asset.context = now;
            return new AssetContextChanged(asset.publicId, asset.resourceType, asset.deliveryType, Map.copyOf(now));
        });
    }

    /**
     * {@code metadata} as {@code field=value|…}, checked against the field definitions and merged; an empty value
     * clears the field. {@code clear_invalid}: values the definitions no longer accept are dropped.
     */
    public Uni<PublicIdsResult> metadata(String cloud, String resourceType, ActionParams params) {
        authenticate(cloud, resourceType, params);
        Map<String, Object> given = UploadParameters.metadata(required(params, "metadata"));
        boolean clearInvalid = params.flag("clear_invalid");
        return withAssets(cloud, resourceType, params, List.of(), () -> metadataFields.definitions(cloud)
                .map(fields -> MetadataUpdate.check(fields, given, clearInvalid)), (update, asset, named) -> {
            Map<String, Object> now = update.apply(asset.metadata);
            if (now.equals(asset.metadata)) {
                return null;
            }
            asset.metadata = now;
            return new AssetMetadataChanged(asset.publicId, asset.resourceType, asset.deliveryType,
                    EventCodec.mapper().valueToTree(now));
        });
    }

    private Uni<PublicIdsResult> changeEach(String cloud, String resourceType, ActionParams params,
                                            Function<Asset, Event> change) {
        return withAssets(cloud, resourceType, params, List.of(), () -> Uni.createFrom().voidItem(),
                (ignored, asset, named) -> change.apply(asset));
    }

    /** A change of one asset: answers the event to record, or null when it changed nothing. */
    private interface Change<T> {
        /** @param named whether the asset is one of {@code public_ids[]}, not one that only has a tag */
        Event apply(T context, Asset asset, boolean named);
    }

    /**
     * Locks the assets of {@code public_ids[]} (and every asset of the account that has one of {@code withTags}),
     * reads {@code first} in the same transaction, applies the change to each and appends the events.
     */
    private <T> Uni<PublicIdsResult> withAssets(String cloud, String resourceType, ActionParams params,
                                                List<String> withTags, Supplier<Uni<T>> first, Change<T> change) {
        String type = type(params, "type");
        List<String> publicIds = params.list("public_ids");
        if (publicIds.isEmpty()) {
            throw ApiException.badRequest("Missing required parameter - public_ids");
        }
        if (publicIds.size() > MAX_PUBLIC_IDS) {
            throw ApiException.badRequest("Too many public_ids: " + publicIds.size() + "; at most "
                    + MAX_PUBLIC_IDS + " per call");
        }
        return Panache.withTransaction(() -> first.get().chain(context ->
                Asset.lockedWithTags(cloud, resourceType, type, publicIds, withTags).chain(found -> {
                    Instant now = Instant.now();
                    Uni<Void> events = Uni.createFrom().voidItem();
                    Set<String> requested = new HashSet<>(publicIds);
                    Set<String> existing = new HashSet<>();
                    for (Asset asset : found) {
                        boolean named = asset.resourceType.equals(resourceType) && asset.deliveryType.equals(type)
                                && requested.contains(asset.publicId);
                        if (named) {
                            existing.add(asset.publicId);
                        }
                        Event event = change.apply(context, asset, named);
                        if (event != null) {
                            asset.updatedAt = now;
                            events = events.chain(() -> outbox.append(Topics.ASSET_CHANGED,
                                    EventCodec.wrap(event, asset.assetId, asset.version, cloud, now)));
                        }
                    }
                    return events.replaceWith(new PublicIdsResult(
                            publicIds.stream().filter(existing::contains).toList()));
                })));
    }

    private GatewayConfig.Account authenticate(String cloud, String resourceType, ActionParams params) {
        GatewayConfig.Account account = accounts.byCloud(cloud);
        if (!RESOURCE_TYPES.contains(resourceType)) {
            throw ApiException.badRequest("Invalid resource type " + resourceType + "; one of " + RESOURCE_TYPES);
        }
        limits.checkForm(params.fieldCount() - params.list("public_ids").size(), params.signed());
        if (params.text("api_key") == null) {
            throw ApiException.unauthorized("Must supply api_key");
        }
        if (params.text("signature") == null) {
            throw ApiException.unauthorized("Missing required parameter - signature");
        }
        accounts.checkSignature(account, params.signed());
        return account;
    }

    private static String type(ActionParams params, String name) {
        String type = params.text(name, "upload");
        if (!UploadParameters.TYPES.contains(type)) {
            throw ApiException.badRequest("Invalid " + name + " " + type + "; one of " + UploadParameters.TYPES);
        }
        return type;
    }

    private Optional<String> notificationUrl(ActionParams params) {
        String url = params.text("notification_url");
        limits.checkUrl("notification_url", url);
        return Optional.ofNullable(url);
    }

    private static String required(ActionParams params, String name) {
        String value = params.text(name);
        if (value == null) {
            throw ApiException.badRequest("Missing required parameter - " + name);
        }
        return value;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String requestId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}

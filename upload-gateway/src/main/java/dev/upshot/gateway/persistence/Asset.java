package dev.upshot.gateway.persistence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The asset record: what was uploaded, where its bytes are, and its user-visible attributes. Updates name the changed
 * columns only: a worker's outcome changes two or three of the 36, and an update that does not name the tags or the
 * context neither recomputes their generated search terms nor runs the tag listing's trigger.
 */
@Entity
@Table(name = "asset")
@DynamicUpdate
public class Asset extends PanacheEntityBase {
    @Id
    @Column(name = "asset_id")
    public String assetId;
    public String cloud;
    @Column(name = "resource_type")
    public String resourceType;
    @Column(name = "delivery_type")
    public String deliveryType;
    @Column(name = "public_id")
    public String publicId;
    public long version;
    @Column(name = "version_id")
    public String versionId;
    public String format;
    @Column(name = "content_type")
    public String contentType;
    public long bytes;
    public int width;
    public int height;
    /** Frames of an animated image or pages of a TIFF; 1 for other images. */
    public int pages = 1;
    public String etag;
    @Column(name = "object_key")
    public String objectKey;
    /** Null when the upload asked for {@code discard_original_filename}. */
    @Column(name = "original_filename")
    public String originalFilename;
    @Column(name = "asset_folder")
    public String assetFolder;
    @Convert(converter = JsonColumns.StringList.class)
    public List<String> tags = new ArrayList<>();
    @Convert(converter = JsonColumns.StringMap.class)
    public Map<String, String> context = new LinkedHashMap<>();
    /** Structured metadata by field external id: a string, or a list of strings for multi-select fields. */
    @Convert(converter = JsonColumns.ObjectMap.class)
    public Map<String, Object> metadata = new LinkedHashMap<>();
    @Column(name = "notification_url")
    public String notificationUrl;
    /** Set at upload or by the Admin API's update ({@code custom_coordinates}); each {@code [x, y, width, height]}. */
    @Column(name = "custom_coordinates")
    @Convert(converter = JsonColumns.Rectangles.class)
    public List<List<Integer>> customCoordinates = List.of();
    /** Given at upload ({@code face_coordinates}): shown instead of the detected faces; empty when none were given. */
    @Column(name = "face_coordinates")
    @Convert(converter = JsonColumns.Rectangles.class)
    public List<List<Integer>> faceCoordinates = List.of();
    /** The on_success script, null when none was requested. */
    @Column(name = "on_success")
    public String onSuccess;
    /** Null without on_success. */
    @Convert(converter = OnSuccessStatus.Column.class)
    @Column(name = "on_success_status")
    public OnSuccessStatus onSuccessStatus;
    /** Why the script or its update failed. */
    @Column(name = "on_success_error")
    public String onSuccessError;
    /** The call's notification, held back while awaited work and on_success run; null if none. */
    @Convert(converter = JsonColumns.PendingNotice.class)
    @Column(name = "pending_notification")
    public Notice pendingNotification;
    /** The moderation chain of this version, in order; empty when none was requested. */
    @Convert(converter = ModerationEntry.Column.class)
    public List<ModerationEntry> moderation = new ArrayList<>();
    /**
     * Kind and status of the chain's current entry (the pending one, else the last decided); null without a chain.
     * Kinds are open-ended ({@code duplicate:0.9}, configured providers), so the kind stays text.
     */
    @Column(name = "moderation_kind")
    public String moderationKind;
    @Convert(converter = ModerationStatus.Column.class)
    @Column(name = "moderation_status")
    public ModerationStatus moderationStatus;
    /** Who may see the asset without a signed URL ({@code access_control}); empty: anyone (for type upload). */
    @Convert(converter = AccessRule.Column.class)
    @Column(name = "access_control")
    public List<AccessRule> accessControl = new ArrayList<>();
    /** Post-upload work still running that holds the processing state; empty when none. */
    @Convert(converter = JsonColumns.AwaitedWorkList.class)
    public List<AwaitedWork> awaiting = new ArrayList<>();
    /** Fields finished work added to the upload response (analysis results), as the response shows them. */
    @Convert(converter = JsonColumns.Document.class)
    public ObjectNode results = EventCodec.mapper().createObjectNode();
    /** For video and audio, what ffprobe read, as Cloudinary's fields ({@code duration, is_audio, video{…}…}). */
    @Convert(converter = JsonColumns.Document.class)
    public ObjectNode video = EventCodec.mapper().createObjectNode();
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Uni<Asset> findByPublicId(String cloud, String resourceType, String deliveryType, String publicId) {
        return find("cloud = ?1 and resourceType = ?2 and deliveryType = ?3 and publicId = ?4",
                cloud, resourceType, deliveryType, publicId).firstResult();
    }

    /**
     * The assets of these public ids, locked for update in asset id order (so that two calls on overlapping ids
     * cannot deadlock): concurrent changes of one asset apply one after the other, as a serial order would.
     */
    public static Uni<List<Asset>> locked(String cloud, String resourceType, String deliveryType,
                                          List<String> publicIds) {
        return Asset.<Asset>find("cloud = ?1 and resourceType = ?2 and deliveryType = ?3 and publicId in ?4 "
                        + "order by assetId", cloud, resourceType, deliveryType, publicIds)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /**
     * The asset of this public id (null if none) locked for update, for a write that reads it first ({@code
     * explicit}): a concurrent write of it waits for this transaction and then sees its outcome.
     */
    public static Uni<Asset> forUpdate(String cloud, String resourceType, String deliveryType, String publicId) {
        return locked(cloud, resourceType, deliveryType, List.of(publicId))
                .map(found -> found.isEmpty() ? null : found.getFirst());
    }

    /**
     * As {@link #forUpdate}, for a write that creates the asset when there is none (an upload, a rename's target):
     * the public id itself is locked first, so that two writers of one new public id apply one after the other, the
     * second one seeing the first one's row, instead of one of them failing on the unique key.
     */
    public static Uni<Asset> claimed(String cloud, String resourceType, String deliveryType, String publicId) {
        return TransactionLock.on("asset:" + cloud + ":" + resourceType + ":" + deliveryType + ":" + publicId)
                .chain(() -> forUpdate(cloud, resourceType, deliveryType, publicId));
    }

    /**
     * As {@link #locked}, together with every asset of the account that has one of {@code tags}, all locked in asset
     * id order in one statement, after a transaction lock on each tag (so that exclusive changes of one tag apply one
     * after the other).
     */
    public static Uni<List<Asset>> lockedWithTags(String cloud, String resourceType, String deliveryType,
                                                  List<String> publicIds, List<String> tags) {
        if (tags.isEmpty()) {
            return locked(cloud, resourceType, deliveryType, publicIds);
        }
        // one exclusive change of a tag at a time: the next one sees the asset the previous one gave the tag to
        Uni<Void> serialised = Uni.createFrom().voidItem();
        for (String tag : tags.stream().sorted().toList()) {
            serialised = serialised.chain(() -> TransactionLock.on("tag:" + cloud + ":" + tag));
        }
        StringBuilder where = new StringBuilder("cloud = ?1 and (resourceType = ?2 and deliveryType = ?3 "
                + "and publicId in ?4");
        List<Object> params = new ArrayList<>(List.of(cloud, resourceType, deliveryType, publicIds));
        for (String tag : tags) {
            params.add(tagPattern(tag));
            where.append(" or cast(tags as String) like ?").append(params.size()).append(" escape '\\'");
        }
        return serialised.chain(() -> Asset.<Asset>find(where + ") order by assetId", params.toArray())
                .withLock(LockModeType.PESSIMISTIC_WRITE).list());
    }

    /** A LIKE pattern matching the JSON text of a tags column that holds this whole tag. */
    public static String tagPattern(String tag) {
        String json = EventCodec.mapper().valueToTree(tag).toString();
        return "%" + json.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** Whether awaited work or on_success still runs, so the upload response is not final yet. */
    public boolean processing() {
        return !awaiting.isEmpty() || onSuccessStatus == OnSuccessStatus.PENDING;
    }

    /** The part after the last slash: Cloudinary's display name. */
    public String displayName() {
        return publicId.substring(publicId.lastIndexOf('/') + 1);
    }
}

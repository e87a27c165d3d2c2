package dev.upshot.gateway.persistence;

import dev.upshot.messaging.Outbox;
import dev.upshot.messaging.OutboxEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

import java.time.ZoneOffset;
import java.util.List;

/**
 * A new asset's row and its events written on the plain reactive SQL client, in one transaction: the hot path of a
 * plain upload, where Hibernate Reactive's entity insert (persist, flush, insert coordinator) cost more CPU than
 * everything else the gateway does for it. The columns are written as the entity's mappings write them.
 */
public final class AssetRows {
    static final String INSERT = "insert into asset (asset_id, cloud, resource_type, delivery_type, "
            + "public_id, version, version_id, format, content_type, bytes, width, height, pages, etag, object_key, "
            + "original_filename, asset_folder, tags, context, metadata, notification_url, custom_coordinates, "
            + "face_coordinates, on_success, on_success_status, on_success_error, pending_notification, moderation, "
            + "moderation_kind, moderation_status, access_control, awaiting, results, video, created_at, updated_at) "
            + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, "
            + "$21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36)";
    /** The row and its events as one statement: atomic without a transaction, one round trip. */
    private static final String INSERT_WITH_EVENTS = Outbox.withChange(INSERT, 36);
    private static final JsonColumns.StringList STRING_LIST = new JsonColumns.StringList();
    private static final JsonColumns.StringMap STRING_MAP = new JsonColumns.StringMap();
    private static final JsonColumns.ObjectMap OBJECT_MAP = new JsonColumns.ObjectMap();
    private static final JsonColumns.Rectangles RECTANGLES = new JsonColumns.Rectangles();
    private static final JsonColumns.PendingNotice PENDING_NOTICE = new JsonColumns.PendingNotice();
    private static final JsonColumns.AwaitedWorkList AWAITED = new JsonColumns.AwaitedWorkList();
    private static final JsonColumns.Document DOCUMENT = new JsonColumns.Document();
    private static final OnSuccessStatus.Column ON_SUCCESS_STATUS = new OnSuccessStatus.Column();
    private static final ModerationEntry.Column MODERATION = new ModerationEntry.Column();
    private static final ModerationStatus.Column MODERATION_STATUS = new ModerationStatus.Column();
    private static final AccessRule.Column ACCESS = new AccessRule.Column();

    private AssetRows() {
    }

    /**
     * Inserts the new asset and appends its events in one statement (no transaction needed around it). A public id
     * already taken fails with the unique constraint's error, as Hibernate's insert would, and writes no event.
     */
    public static Uni<Void> insert(SqlClient client, Asset a, List<OutboxEntry> events) {
        Object[] row = {a.assetId, a.cloud, a.resourceType, a.deliveryType, a.publicId,
                a.version, a.versionId, a.format, a.contentType, a.bytes, a.width, a.height, a.pages, a.etag,
                a.objectKey, a.originalFilename, a.assetFolder, STRING_LIST.convertToDatabaseColumn(a.tags),
                STRING_MAP.convertToDatabaseColumn(a.context), OBJECT_MAP.convertToDatabaseColumn(a.metadata),
                a.notificationUrl, RECTANGLES.convertToDatabaseColumn(a.customCoordinates),
                RECTANGLES.convertToDatabaseColumn(a.faceCoordinates), a.onSuccess,
                ON_SUCCESS_STATUS.convertToDatabaseColumn(a.onSuccessStatus), a.onSuccessError,
                PENDING_NOTICE.convertToDatabaseColumn(a.pendingNotification),
                MODERATION.convertToDatabaseColumn(a.moderation), a.moderationKind,
                MODERATION_STATUS.convertToDatabaseColumn(a.moderationStatus),
                ACCESS.convertToDatabaseColumn(a.accessControl),
                AWAITED.convertToDatabaseColumn(a.awaiting), DOCUMENT.convertToDatabaseColumn(a.results),
                DOCUMENT.convertToDatabaseColumn(a.video), a.createdAt.atOffset(ZoneOffset.UTC),
                a.updatedAt.atOffset(ZoneOffset.UTC)};
        return client.preparedQuery(INSERT_WITH_EVENTS).execute(Outbox.withEvents(row, events)).replaceWithVoid();
    }
}

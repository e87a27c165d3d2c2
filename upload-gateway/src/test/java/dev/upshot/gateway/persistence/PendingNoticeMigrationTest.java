package dev.upshot.gateway.persistence;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** V10_3 gives the notices held before they named their type what the typed column reads. */
@QuarkusTest
class PendingNoticeMigrationTest {
    private static final String LEGACY = "{\"base\":\"http://h:1\",\"request_id\":\"r1\",\"batch_id\":\"b1\","
            + "\"overwritten\":\"true\"}";

    @Inject
    Pool pool;

    @Test
    void aLegacyNoticeIsAnUploadNoticeToTheAssetsOwnUrl() throws Exception {
        String withUrl = insert("http://n/x", LEGACY);
        String withoutUrl = insert(null, LEGACY);
        Notice explicit = new Notice(URI.create("http://h:1"), "r2", null, false, Notice.Type.EXPLICIT,
                Optional.empty(), List.of());
        var column = new JsonColumns.PendingNotice();
        String current = insert("http://n/y", column.convertToDatabaseColumn(explicit));

        try (InputStream sql = getClass().getResourceAsStream("/db/migration/V10_3__pending_notice_type.sql")) {
            pool.query(new String(sql.readAllBytes(), StandardCharsets.UTF_8)).execute().await().indefinitely();
        }

        assertEquals(new Notice(URI.create("http://h:1"), "r1", "b1", true, Notice.Type.UPLOAD,
                Optional.of("http://n/x"), List.of()), column.convertToEntityAttribute(notice(withUrl)));
        assertEquals(new Notice(URI.create("http://h:1"), "r1", "b1", true, Notice.Type.UPLOAD,
                Optional.empty(), List.of()), column.convertToEntityAttribute(notice(withoutUrl)));
        assertEquals(explicit, column.convertToEntityAttribute(notice(current)), "a typed notice stays as it is");
    }

    private String insert(String notificationUrl, String notice) {
        String id = UUID.randomUUID().toString().replace("-", "");
        pool.preparedQuery("""
                        insert into asset (asset_id, cloud, resource_type, delivery_type, public_id, version, version_id,
                                           format, content_type, bytes, width, height, etag, object_key,
                                           original_filename, asset_folder, tags, context, metadata,
                                           notification_url, created_at, updated_at, pending_notification)
                        values ($1, 'migration', 'image', 'upload', $1, 1, 'v', 'png', 'image/png', 1, 1, 1, 'e', 'k',
                                'f', '', '[]', '{}', '{}', $2, now(), now(), $3)""")
                .execute(Tuple.of(id, notificationUrl, notice)).await().indefinitely();
        return id;
    }

    private String notice(String assetId) {
        return pool.preparedQuery("select pending_notification from asset where asset_id = $1")
                .execute(Tuple.of(assetId)).await().indefinitely().iterator().next().getString(0);
    }
}

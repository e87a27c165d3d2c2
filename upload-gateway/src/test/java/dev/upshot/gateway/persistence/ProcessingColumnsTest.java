package dev.upshot.gateway.persistence;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The typed processing state keeps the very column values (and answers) it kept as strings. */
class ProcessingColumnsTest {
    private final JsonColumns.PendingNotice notices = new JsonColumns.PendingNotice();

    @Test
    void statusesKeepTheirLowerCaseNames() {
        assertEquals(List.of("pending", "succeeded", "failed"), WireNames.all(OnSuccessStatus.class));
        assertEquals(List.of("queued", "pending", "approved", "rejected", "aborted"),
                WireNames.all(ModerationStatus.class));
        var column = new ModerationStatus.Column();
        assertEquals("rejected", column.convertToDatabaseColumn(ModerationStatus.REJECTED));
        assertEquals(ModerationStatus.QUEUED, column.convertToEntityAttribute("queued"));
        assertNull(column.convertToEntityAttribute(null));
        assertThrows(IllegalStateException.class, () -> new OnSuccessStatus.Column().convertToEntityAttribute("ok"));
    }

    @Test
    void awaitedWorkIsAListOfNames() {
        var column = new JsonColumns.AwaitedWorkList();
        assertEquals("[\"analysis\",\"eager\"]",
                column.convertToDatabaseColumn(List.of(AwaitedWork.ANALYSIS, AwaitedWork.EAGER)));
        assertEquals(List.of(AwaitedWork.EAGER), column.convertToEntityAttribute("[\"eager\"]"));
        assertEquals(List.of(), column.convertToEntityAttribute(null));
    }

    @Test
    void aNoticeIsTheObjectOfStringsItWas() {
        Notice notice = new Notice(URI.create("http://h:1"), "r1", "b1", true, Notice.Type.INFO,
                Optional.of("http://n/x"), List.of("ocr", "detection"));
        String json = notices.convertToDatabaseColumn(notice);
        assertEquals("{\"base\":\"http://h:1\",\"request_id\":\"r1\",\"batch_id\":\"b1\",\"overwritten\":\"true\","
                + "\"type\":\"info\",\"notification_url\":\"http://n/x\",\"info_of\":\"ocr,detection\"}", json);
        assertEquals(notice, notices.convertToEntityAttribute(json));
        Notice upload = new Notice(URI.create("http://h:1"), "r2", null, false, Notice.Type.UPLOAD,
                Optional.empty(), List.of());
        assertEquals(upload, notices.convertToEntityAttribute(notices.convertToDatabaseColumn(upload)));
    }

    @Test
    void noNoticeIsNullOrTheEmptyObjectOlderRowsHold() {
        assertNull(notices.convertToDatabaseColumn(null));
        assertNull(notices.convertToEntityAttribute(null));
        assertNull(notices.convertToEntityAttribute("{}"));
    }
}

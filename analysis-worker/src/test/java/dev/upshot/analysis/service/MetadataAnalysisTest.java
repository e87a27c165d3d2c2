package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.testsupport.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetadataAnalysisTest {
    private static final MetadataAnalysis METADATA = new MetadataAnalysis();

    @TempDir
    Path dir;

    @Test
    void requestedByAnyOfItsThreeNames() {
        assertTrue(METADATA.requested(Map.of("image_metadata", "true")));
        assertTrue(METADATA.requested(Map.of("media_metadata", "1")));
        assertTrue(METADATA.requested(Map.of("exif", "true")));
        assertFalse(METADATA.requested(Map.of("phash", "true")));
    }

    @Test
    void exifGpsIptcAndXmpAsOneFlatMap() throws Exception {
        var image = TestImages.photo(320, 240, 1);
        byte[] jpeg = Files.readAllBytes(TestImages.jpeg(image, 80, dir.resolve("plain.jpg")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        out.write(segment(0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), exif())));
        out.write(segment(0xE1, concat("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1), xmp())));
        out.write(segment(0xED, iptc()));
        out.write(jpeg, 2, jpeg.length - 2);
        Path file = Files.write(dir.resolve("tagged.jpg"), out.toByteArray());

        JsonNode metadata = Run.analysis(METADATA, file, "jpg", image).get("image_metadata");
        assertEquals("Upshot", metadata.get("Make").asText());
        assertEquals("TestCam 1", metadata.get("Model").asText());
        assertEquals("N", metadata.get("GPSLatitudeRef").asText());
        assertTrue(metadata.get("GPSLatitude").asText().startsWith("48° 51' 29.6"), metadata.get("GPSLatitude").asText());
        String[] position = metadata.get("GPSPosition").asText().split(", ");
        assertEquals(48.858222, Double.parseDouble(position[0]), 1e-6);
        assertEquals(2.2945, Double.parseDouble(position[1]), 1e-6);
        assertEquals("Eiffel", metadata.get("ObjectName").asText());
        assertEquals("tower", metadata.get("Keywords").asText());
        assertEquals("Upshot test", metadata.get("CreatorTool").asText());
        assertFalse(metadata.has("FileName"), "our temporary file is not the asset's metadata");
        metadata.properties().forEach(e -> assertTrue(e.getValue().isTextual(), e.getKey()));
    }

    @Test
    void garbageFailsTheAnalysis() throws Exception {
        Path file = Files.writeString(dir.resolve("x.bin"), "garbage");
        assertThrows(AnalysisFailedException.class,
                () -> Run.analysis(METADATA, file, "jpg", TestImages.flat(1, 1, 0)));
    }

    @Test
    void keysFollowExifToolNames() {
        assertEquals("DateTimeOriginal", MetadataAnalysis.key("Date/Time Original"));
        assertEquals("GPSLatitudeRef", MetadataAnalysis.key("GPS Latitude Ref"));
        assertEquals("Title", MetadataAnalysis.xmpKey("dc:title[1]"));
    }

    /** Big-endian TIFF: IFD0 {Make, Model, GPS pointer}, GPS IFD {lat ref, lat, lon ref, lon} (Eiffel Tower). */
    private static byte[] exif() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream t = new DataOutputStream(bytes);
        t.writeBytes("MM");
        t.writeShort(42);
        t.writeInt(8);
        t.writeShort(3); // IFD0 at 8, 42 bytes, data from 50
        entry(t, 0x010F, 2, 7, 50);
        entry(t, 0x0110, 2, 10, 57);
        entry(t, 0x8825, 4, 1, 68);
        t.writeInt(0);
        t.writeBytes("Upshot\0");
        t.writeBytes("TestCam 1\0");
        t.writeByte(0); // to 68
        t.writeShort(4); // GPS IFD at 68, 54 bytes, rationals from 122
        entry(t, 0x0001, 2, 2, 'N' << 24);
        entry(t, 0x0002, 5, 3, 122);
        entry(t, 0x0003, 2, 2, 'E' << 24);
        entry(t, 0x0004, 5, 3, 146);
        t.writeInt(0);
        for (int[] r : new int[][]{{48, 1}, {51, 1}, {296, 10}, {2, 1}, {17, 1}, {402, 10}}) {
            t.writeInt(r[0]);
            t.writeInt(r[1]);
        }
        return bytes.toByteArray();
    }

    private static void entry(DataOutputStream t, int tag, int type, int count, int value) throws IOException {
        t.writeShort(tag);
        t.writeShort(type);
        t.writeInt(count);
        t.writeInt(value);
    }

    private static byte[] xmp() {
        return ("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:CreatorTool=\"Upshot test\"/>"
                + "</rdf:RDF></x:xmpmeta>").getBytes(StandardCharsets.UTF_8);
    }

    /** Photoshop APP13 with one 8BIM IPTC resource: Object Name and Keywords. */
    private static byte[] iptc() throws IOException {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (Object[] record : new Object[][]{{5, "Eiffel"}, {25, "tower"}}) {
            byte[] value = ((String) record[1]).getBytes(StandardCharsets.UTF_8);
            records.write(new byte[]{0x1C, 2, (byte) (int) (Integer) record[0], 0, (byte) value.length});
            records.write(value);
        }
        if (records.size() % 2 == 1) {
            records.write(0);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream p = new DataOutputStream(bytes);
        p.writeBytes("Photoshop 3.0\0");
        p.writeBytes("8BIM");
        p.writeShort(0x0404);
        p.writeShort(0); // empty, padded resource name
        p.writeInt(records.size());
        p.write(records.toByteArray());
        return bytes.toByteArray();
    }

    private static byte[] segment(int marker, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream s = new DataOutputStream(bytes);
        s.writeByte(0xFF);
        s.writeByte(marker);
        s.writeShort(body.length + 2);
        s.write(body);
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

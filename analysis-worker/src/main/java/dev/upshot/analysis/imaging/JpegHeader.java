package dev.upshot.analysis.imaging;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a JPEG's own headers say about its compression: the luminance quantisation table (DQT) and the chroma
 * sampling factors (SOF). Only markers before the first scan are read; the entropy-coded data is never touched.
 *
 * @param lumaTable   the quantisation table used by the first component, in zig-zag order
 * @param chromaShare chroma samples per luma sample: 1 for 4:4:4 (or greyscale), 0.5 for 4:2:2, 0.25 for 4:2:0
 */
public record JpegHeader(int[] lumaTable, double chromaShare) {

    /** The IJG (libjpeg) luminance table at quality 50, in zig-zag order: the reference for quality estimates. */
    private static final int[] IJG_LUMA = {
            16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40, 26, 24, 22, 22, 24, 49, 35, 37,
            29, 40, 58, 51, 61, 60, 57, 51, 56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81, 87,
            95, 98, 103, 104, 103, 62, 77, 113, 121, 112, 100, 120, 92, 101, 103, 99};

    /**
     * Reads the headers of a JPEG file.
     *
     * @return empty when the file is not a baseline/progressive JPEG with a quantisation table and a frame header
     */
    public static Optional<JpegHeader> read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            if (in.readUnsignedShort() != 0xFFD8) {
                return Optional.empty();
            }
            int[][] tables = new int[4][];
            int[] componentTable = null;
            double chromaShare = 1;
            while (true) {
                int marker = nextMarker(in);
                if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                    continue;
                }
                if (marker == 0xDA || marker == 0xD9) {
                    break;
                }
                int length = in.readUnsignedShort() - 2;
                if (length < 0) {
                    return Optional.empty();
                }
                byte[] segment = in.readNBytes(length);
                if (segment.length < length) {
                    throw new EOFException("JPEG header truncated");
                }
                if (marker == 0xDB) {
                    readTables(segment, tables);
                } else if (isFrame(marker) && segment.length >= 6) {
                    int components = segment[5] & 0xff;
                    if (segment.length < 6 + 3 * components || components == 0) {
                        return Optional.empty();
                    }
                    componentTable = new int[components];
                    int[] sampling = new int[components];
                    for (int c = 0; c < components; c++) {
                        int hv = segment[6 + 3 * c + 1] & 0xff;
                        sampling[c] = (hv >> 4) * (hv & 0x0f);
                        componentTable[c] = segment[6 + 3 * c + 2] & 0x03;
                    }
                    if (components >= 3 && sampling[0] > 0) {
                        chromaShare = (sampling[1] + sampling[2]) / (2.0 * sampling[0]);
                    }
                }
            }
            if (componentTable == null || tables[componentTable[0]] == null) {
                return Optional.empty();
            }
            return Optional.of(new JpegHeader(tables[componentTable[0]], chromaShare));
        }
    }

    /**
     * The IJG quality (1–100) whose scaled standard table is closest to this file's luminance table: exact for
     * libjpeg-family encoders (ImageIO, most cameras' "quality" settings map onto it), an estimate for others.
     */
    public int quality() {
        int best = 1;
        long bestError = Long.MAX_VALUE;
        for (int q = 1; q <= 100; q++) {
            int scale = q < 50 ? 5000 / q : 200 - 2 * q;
            long error = 0;
            for (int i = 0; i < 64; i++) {
                int expected = Math.clamp((IJG_LUMA[i] * scale + 50) / 100, 1, 255);
                error += Math.abs(expected - lumaTable[i]);
            }
            if (error < bestError) {
                bestError = error;
                best = q;
            }
        }
        return best;
    }

    private static boolean isFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static int nextMarker(DataInputStream in) throws IOException {
        int b = in.readUnsignedByte();
        while (b != 0xFF) {
            b = in.readUnsignedByte();
        }
        while (b == 0xFF) {
            b = in.readUnsignedByte();
        }
        return b;
    }

    private static void readTables(byte[] segment, int[][] tables) {
        int pos = 0;
        while (pos < segment.length) {
            int pq = (segment[pos] & 0xff) >> 4;
            int tq = segment[pos] & 0x03;
            pos++;
            int size = pq == 0 ? 1 : 2;
            if (pos + 64 * size > segment.length) {
                return;
            }
            int[] table = new int[64];
            for (int i = 0; i < 64; i++) {
                table[i] = size == 1 ? segment[pos + i] & 0xff
                        : (segment[pos + 2 * i] & 0xff) << 8 | segment[pos + 2 * i + 1] & 0xff;
            }
            tables[tq] = table;
            pos += 64 * size;
        }
    }
}

package dev.upshot.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Clips made at test time by the Maven ffmpeg from its synthetic sources ({@code testsrc2} pictures, a
 * {@code sine} tone), so nothing large is committed. Shared with other modules' tests through the test-jar.
 */
public final class Clips {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private Clips() {
    }

    /**
     * A clip with a picture and a 440 Hz tone.
     *
     * @param container mp4, mov, webm, mkv or avi
     */
    public static Path video(Path dir, String container, int width, int height, double seconds) throws Exception {
        List<String> args = new ArrayList<>(List.of("-v", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=25:duration=" + seconds,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=" + seconds,
                "-ac", "2", "-threads", "1"));
        args.addAll(switch (container) {
            case "webm" -> List.of("-c:v", "libvpx", "-b:v", "400k", "-c:a", "libopus");
            case "avi" -> List.of("-c:v", "mjpeg", "-c:a", "pcm_s16le");
            default -> List.of("-c:v", "libopenh264", "-b:v", "400k", "-pix_fmt", "yuv420p", "-c:a", "aac",
                    "-b:a", "96k");
        });
        return write(dir, "clip." + container, args);
    }

    /**
     * A tone without a picture.
     *
     * @param format mp3, m4a, wav, ogg or flac
     */
    public static Path audio(Path dir, String format, double seconds) throws Exception {
        List<String> args = new ArrayList<>(List.of("-v", "error", "-y",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=" + seconds, "-ac", "2"));
        args.addAll(switch (format) {
            case "mp3" -> List.of("-c:a", "libmp3lame", "-b:a", "128k");
            case "m4a" -> List.of("-c:a", "aac", "-b:a", "96k");
            case "ogg" -> List.of("-c:a", "libopus");
            case "flac" -> List.of("-c:a", "flac");
            default -> List.of("-c:a", "pcm_s16le");
        });
        return write(dir, "tone." + format, args);
    }

    /** Bytes that start like an MP4 and then stop making sense. */
    public static byte[] corruptMp4() {
        byte[] bytes = new byte[4096];
        byte[] head = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm',
                'm', 'p', '4', '1'};
        System.arraycopy(head, 0, bytes, 0, head.length);
        for (int i = head.length; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    private static Path write(Path dir, String name, List<String> args) throws Exception {
        Files.createDirectories(dir);
        Path out = dir.resolve(name);
        List<String> all = new ArrayList<>(args);
        all.add(out.toString());
        Ffmpeg.transcode(all, LIMIT);
        return out;
    }
}

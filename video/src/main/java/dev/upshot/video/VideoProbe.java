package dev.upshot.video;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What ffprobe reads from a video or audio file, in the fields Cloudinary's upload answer carries for
 * {@code resource_type: video}: {@code duration, bit_rate, frame_rate, is_audio, video{…}, audio{…}}.
 */
public final class VideoProbe {
    /** The formats taken as {@code resource_type: video} (containers and audio files), as the gateway names them. */
    public static final java.util.Set<String> FORMATS = java.util.Set.of("mp4", "m4v", "mov", "webm", "mkv", "avi",
            "mp3", "m4a", "aac", "wav", "ogg", "flac");
    private static final ObjectMapper JSON = new ObjectMapper();

    private VideoProbe() {
    }

    /**
     * @param video    the first video stream that is not a cover picture, or null (audio only)
     * @param audio    the first audio stream, or null
     * @param format   ffprobe's {@code format_name} list, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}
     */
    public record Info(String format, double duration, long bitRate, JsonNode video, JsonNode audio) {
        public boolean isAudio() {
            return video == null;
        }

        public int width() {
            return video == null ? 0 : video.path("width").asInt();
        }

        public int height() {
            return video == null ? 0 : video.path("height").asInt();
        }

        /** Frames per second from {@code avg_frame_rate} ("30000/1001"), 0 without video. */
        public double frameRate() {
            return video == null ? 0 : ratio(video.path("avg_frame_rate").asText("0/1"));
        }

        /** Cloudinary's fields, added to {@code node}. */
        public ObjectNode describe(ObjectNode node) {
            node.put("duration", duration);
            node.put("bit_rate", bitRate);
            if (!isAudio()) {
                node.put("frame_rate", Math.round(frameRate() * 1000) / 1000.0);
            }
            node.put("is_audio", isAudio());
            ObjectNode v = node.putObject("video");
            if (video != null) {
                v.put("pix_format", video.path("pix_fmt").asText(null));
                v.put("codec", video.path("codec_name").asText(null));
                if (video.has("level")) {
                    v.put("level", video.path("level").asInt());
                }
                if (video.has("profile")) {
                    v.put("profile", video.path("profile").asText());
                }
                if (video.has("bit_rate")) {
                    v.put("bit_rate", video.path("bit_rate").asText());
                }
                v.put("dar", video.path("display_aspect_ratio").asText(dar(width(), height())));
            }
            ObjectNode a = node.putObject("audio");
            if (audio != null) {
                a.put("codec", audio.path("codec_name").asText(null));
                if (audio.has("bit_rate")) {
                    a.put("bit_rate", audio.path("bit_rate").asText());
                }
                a.put("frequency", audio.path("sample_rate").asInt());
                a.put("channels", audio.path("channels").asInt());
                // a plain WAV header names no layout: mono and stereo are what its channel count means
                String layout = audio.path("channel_layout").asText(switch (audio.path("channels").asInt()) {
                    case 1 -> "mono";
                    case 2 -> "stereo";
                    default -> "";
                });
                if (!layout.isEmpty()) {
                    a.put("channel_layout", layout);
                }
            }
            return node;
        }
    }

    /** Reads the container and its streams; a file with neither a video nor an audio stream is refused. */
    public static Info probe(Path file, Duration timeout) throws VideoException {
        Ffmpeg.Result result = Ffmpeg.probe(List.of("-v", "error", "-print_format", "json", "-show_format",
                "-show_streams", "--", file.toString()), timeout);
        JsonNode root;
        try {
            root = JSON.readTree(result.stdout());
        } catch (IOException e) {
            throw new VideoException("unreadable probe output");
        }
        JsonNode video = null;
        JsonNode audio = null;
        for (JsonNode stream : root.path("streams")) {
            String type = stream.path("codec_type").asText();
            // an MP3's or M4A's cover art is a one-picture "video" stream: the file is still audio
            boolean picture = stream.path("disposition").path("attached_pic").asInt() == 1;
            if (video == null && type.equals("video") && !picture && stream.path("width").asInt() > 0) {
                video = stream;
            } else if (audio == null && type.equals("audio")) {
                audio = stream;
            }
        }
        if (video == null && audio == null) {
            throw new VideoException("no video or audio stream");
        }
        JsonNode format = root.path("format");
        double duration = format.path("duration").asDouble(0);
        if (duration <= 0 && video != null) {
            duration = video.path("duration").asDouble(0);
        }
        return new Info(format.path("format_name").asText(""), Math.round(duration * 1000) / 1000.0,
                format.path("bit_rate").asLong(0), video, audio);
    }

    private static double ratio(String fraction) {
        String[] parts = fraction.split("/");
        try {
            double numerator = Double.parseDouble(parts[0]);
            double denominator = parts.length > 1 ? Double.parseDouble(parts[1]) : 1;
            return denominator == 0 ? 0 : numerator / denominator;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String dar(int width, int height) {
        if (width <= 0 || height <= 0) {
            return null;
        }
        int gcd = java.math.BigInteger.valueOf(width).gcd(java.math.BigInteger.valueOf(height)).intValue();
        return width / gcd + ":" + height / gcd;
    }
}

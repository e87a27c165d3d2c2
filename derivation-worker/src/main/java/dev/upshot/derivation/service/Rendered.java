package dev.upshot.derivation.service;

/** An encoded derivative, ready to store. */
public record Rendered(byte[] bytes, String format, int width, int height) {

    public String contentType() {
        return switch (format) {
            case "jpg" -> "image/jpeg";
            case "mp4" -> "video/mp4";
            default -> "image/" + format;
        };
    }
}

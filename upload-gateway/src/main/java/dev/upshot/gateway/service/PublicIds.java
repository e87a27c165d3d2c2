package dev.upshot.gateway.service;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Public ids and folders: what is allowed, and how new ones are made. */
public final class PublicIds {
    private static final int MAX_LENGTH = 255;
    /** Characters that would break URLs or storage keys; control characters too. */
    private static final Pattern FORBIDDEN = Pattern.compile("[\\p{Cntrl}\\\\?#%&<>\"'`*:|]");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PublicIds() {
    }

    public static String validate(String publicId) {
        return check(publicId, "public_id");
    }

    public static String validateFolder(String folder) {
        String trimmed = folder.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? "" : check(trimmed, "folder");
    }

    private static String check(String value, String name) {
        if (value.length() > MAX_LENGTH) {
            throw ApiException.badRequest(name + " is longer than " + MAX_LENGTH + " characters");
        }
        if (FORBIDDEN.matcher(value).find()) {
            throw ApiException.badRequest(name + " contains a forbidden character: '" + value + "'");
        }
        if (value.startsWith("/") || value.endsWith("/")) {
            throw ApiException.badRequest(name + " may not start or end with '/': '" + value + "'");
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.isBlank()) {
                throw ApiException.badRequest(name + " has an empty, '.' or '..' path segment: '" + value + "'");
            }
        }
        return value;
    }

    /** Cloudinary-like random id: 20 lowercase letters and digits. */
    public static String random() {
        return random(20);
    }

    /** The suffix {@code unique_filename} appends to a filename-based id. */
    public static String uniqueSuffix() {
        return random(6);
    }

    private static String random(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** A filename as a public id: extension dropped, forbidden characters replaced. */
    public static String fromFilename(String filename) {
        String base = filename.contains(".") ? filename.substring(0, filename.lastIndexOf('.')) : filename;
        String cleaned = FORBIDDEN.matcher(base.replace('/', '_')).replaceAll("_").strip();
        return cleaned.isEmpty() || cleaned.equals(".") || cleaned.equals("..") ? random() : cleaned;
    }
}

package dev.upshot.local.config;

import java.security.SecureRandom;

/** Random keys and secrets from a character set, as the account and s3proxy files hold them. */
public final class Secrets {
    public static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    public static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    public static final String DIGITS = "0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static String random(String chars, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        return s.toString();
    }

    public static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}

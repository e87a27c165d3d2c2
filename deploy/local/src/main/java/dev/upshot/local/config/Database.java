package dev.upshot.local.config;

import dev.upshot.local.Die;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PostgreSQL the services use: the one UPSHOT_DB_URL names, or the embedded one. */
public record Database(boolean external, String host, int port, String name, String user, String password) {
    private static final Pattern URL =
            Pattern.compile("^postgres(ql)?://([^:@/]+)(:([^@/]*))?@([^:/?]+)(:([0-9]+))?(/([^?]*))?.*");

    public static Database from(Env env, Ports ports) {
        if (!env.isSet("UPSHOT_DB_URL")) {
            return new Database(false, ports.host(), ports.pg(), "upshot", "postgres", "postgres");
        }
        Matcher m = URL.matcher(env.get("UPSHOT_DB_URL", ""));
        if (!m.matches()) {
            throw new Die("UPSHOT_DB_URL must look like postgresql://user:pass@host:port/db");
        }
        return new Database(true, m.group(5), m.group(7) == null ? 5432 : Integer.parseInt(m.group(7)),
                m.group(9) == null || m.group(9).isEmpty() ? "upshot" : m.group(9), decode(m.group(2)),
                decode(m.group(4)));
    }

    private static String decode(String s) {
        return s == null ? "" : URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}

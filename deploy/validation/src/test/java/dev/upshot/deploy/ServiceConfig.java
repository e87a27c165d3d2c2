package dev.upshot.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one service's {@code src/main/resources/application.properties} says about its deployment: HTTP port,
 * the environment variables it reads, the topics it consumes. A service built with the kit also reads the kit's
 * defaults ({@code upshot.s3.*} from {@code UPSHOT_S3_*}).
 *
 * @param module      the Maven module (= Deployment name, image name)
 * @param httpPort    {@code quarkus.http.port}
 * @param envRead     every variable the service reads: those named in a {@code ${VAR}} expression, and the
 *                    environment form of every property it sets (MicroProfile Config maps {@code a.b-c} to
 *                    {@code A_B_C})
 * @param envRequired variables named in a {@code ${VAR}} expression with no default, outside any profile
 * @param consumers   incoming channels: topic, group, dead-letter topic
 */
record ServiceConfig(String module, int httpPort, Set<String> envRead, Set<String> envRequired,
                     Map<String, Consumer> consumers) {

    static final Set<String> MODULES = Set.of("upload-gateway", "moderation-worker", "analysis-worker",
            "derivation-worker", "transcription-worker", "onsuccess-runner", "webhook-dispatcher");

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
    private static final Pattern INCOMING = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.(.+)");

    record Consumer(String topic, String group, String deadLetterTopic) {
    }

    private static final Path KIT_DEFAULTS =
            Repository.ROOT.resolve("kit/src/main/resources/META-INF/microprofile-config.properties");

    static ServiceConfig of(String module) {
        Path moduleDir = Repository.ROOT.resolve(module);
        Properties props = new Properties();
        if (read(moduleDir.resolve("pom.xml")).contains("<artifactId>upshot-kit</artifactId>")) {
            load(props, KIT_DEFAULTS);
        }
        load(props, moduleDir.resolve("src/main/resources/application.properties"));
        Set<String> read = new TreeSet<>();
        Set<String> required = new TreeSet<>();
        Map<String, Map<String, String>> incoming = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key);
            boolean profiled = key.startsWith("%");
            String bare = profiled ? key.substring(key.indexOf('.') + 1) : key;
            read.add(bare.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
            Matcher m = ENV_REF.matcher(value);
            while (m.find()) {
                read.add(m.group(1));
                if (!profiled && m.group(2) == null) {
                    required.add(m.group(1));
                }
            }
            Matcher in = INCOMING.matcher(key);
            if (!profiled && in.matches()) {
                incoming.computeIfAbsent(in.group(1), c -> new TreeMap<>()).put(in.group(2), value);
            }
        }
        Map<String, Consumer> consumers = new TreeMap<>();
        incoming.forEach((channel, p) -> consumers.put(channel,
                new Consumer(p.get("topic"), p.get("group.id"), p.get("dead-letter-queue.topic"))));
        return new ServiceConfig(module, Integer.parseInt(props.getProperty("quarkus.http.port")), read, required,
                consumers);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static void load(Properties props, Path file) {
        try (Reader r = Files.newBufferedReader(file)) {
            props.load(r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}

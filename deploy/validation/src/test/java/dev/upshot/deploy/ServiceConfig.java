package dev.upshot.deploy;

import dev.upshot.kit.s3.S3Config;
import io.smallrye.config.ConfigMapping;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
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
 * the environment variables it reads, the topics it consumes. A service built with the kit also reads the environment
 * form of every key of the kit's {@link S3Config} ({@code UPSHOT_S3_*}).
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

    static ServiceConfig of(String module) {
        Path moduleDir = Repository.ROOT.resolve(module);
        Properties props = new Properties();
        load(props, moduleDir.resolve("src/main/resources/application.properties"));
        Set<String> read = new TreeSet<>();
        if (text(moduleDir.resolve("pom.xml")).contains("<artifactId>upshot-kit</artifactId>")) {
            read.addAll(kitS3Variables());
        }
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

    /** {@code UPSHOT_S3_ENDPOINT}, …: MicroProfile Config's environment form of each {@link S3Config} key. */
    private static Set<String> kitS3Variables() {
        String prefix = S3Config.class.getAnnotation(ConfigMapping.class).prefix();
        Set<String> variables = new TreeSet<>();
        for (Method key : S3Config.class.getDeclaredMethods()) {
            String kebab = key.getName().replaceAll("([A-Z])", "-$1");
            variables.add((prefix + "." + kebab).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
        return variables;
    }

    private static String text(Path file) {
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

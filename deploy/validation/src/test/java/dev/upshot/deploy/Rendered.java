package dev.upshot.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** An overlay of deploy/kubernetes as {@code kubectl kustomize} renders it: one JSON tree per document. */
record Rendered(String overlay, List<ObjectNode> documents) {

    static final ObjectMapper YAML = new YAMLMapper();

    static Rendered overlay(String overlay) {
        Path dir = Repository.ROOT.resolve("deploy/kubernetes/overlays").resolve(overlay);
        return new Rendered(overlay, parse(kustomize(dir)));
    }

    /** Where kubectl is, if anywhere on PATH. */
    static Optional<Path> kubectl() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator))
                .map(p -> Path.of(p, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Why the manifests cannot be rendered here, or empty when they can: kubectl must be on PATH and embed
     * kustomize v4+ (kubectl 1.21+; Debian's own kubernetes-client 1.20 embeds kustomize v2).
     */
    static Optional<String> cannotRender() {
        if (kubectl().isEmpty()) {
            return Optional.of("kubectl is not on PATH");
        }
        try {
            Process p = new ProcessBuilder(kubectl().get().toString(), "version", "--client", "-o", "json")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            JsonNode v = new ObjectMapper().readTree(out.substring(Math.max(0, out.indexOf('{'))));
            int minor = Integer.parseInt(v.at("/clientVersion/minor").asText("0").replaceAll("[^0-9]", ""));
            return minor >= 21 ? Optional.empty()
                    : Optional.of("kubectl 1." + minor + " embeds a kustomize too old for deploy/kubernetes (needs 1.21+)");
        } catch (IOException | RuntimeException e) {
            return Optional.of("kubectl version failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    static String kustomize(Path dir) {
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            Process p = new ProcessBuilder(kubectl().orElseThrow().toString(), "kustomize", dir.toString())
                    .redirectError(err.toFile())
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish in 120 s");
            }
            String stderr = Files.readString(err);
            Files.deleteIfExists(err);
            if (p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + stderr);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (!(doc instanceof ObjectNode o)) {
                    throw new AssertionError("a rendered document is not an object: " + doc);
                }
                docs.add(o);
            }
        } catch (IOException e) {
            throw new AssertionError("rendered YAML does not parse: " + e.getMessage(), e);
        }
        return docs;
    }

    List<ObjectNode> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> name.equals(name(d))).findFirst();
    }

    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " " + name));
    }

    static String name(JsonNode doc) {
        return doc.path("metadata").path("name").asText();
    }

    static String id(JsonNode doc) {
        return doc.path("kind").asText() + "/" + name(doc);
    }
}

package dev.upshot.local.build;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small reactor on disk: {@code svc} depends on {@code lib}, which depends on {@code base}; {@code fixtures} is a
 * test dependency of {@code svc}; {@code other} is unrelated; {@code services} is the services' parent pom.
 */
class StalenessTest {
    private static final Instant BUILT = Instant.parse("2026-01-01T12:00:00Z");

    @TempDir
    Path root;

    @BeforeEach
    void reactor() throws Exception {
        pom(root, "root", null, "<modules><module>base</module><module>lib</module><module>fixtures</module>"
                + "<module>other</module><module>services</module></modules>");
        pom(root.resolve("base"), "base", "root", "");
        pom(root.resolve("lib"), "lib", "root", deps(dep("base", null)));
        pom(root.resolve("fixtures"), "fixtures", "root", "");
        pom(root.resolve("other"), "other", "root", "");
        pom(root.resolve("services"), "services", "root", "<modules><module>svc</module></modules>");
        pom(root.resolve("services/svc"), "svc", "services", deps(dep("lib", null) + dep("fixtures", "test")));
        Path jar = Staleness.jar(root.resolve("services/svc"));
        Files.createDirectories(jar.resolveSibling("app"));
        Files.writeString(jar, "jar");
        Files.writeString(jar.resolveSibling("app/svc.jar"), "jar");
        try (var files = Files.walk(root)) {
            for (Path p : files.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(BUILT.minusSeconds(60)));
            }
        }
        Files.setLastModifiedTime(jar, FileTime.from(BUILT));
    }

    @Test
    void aFreshJarIsCurrent() {
        assertEquals(Optional.empty(), staleness().why("svc"));
    }

    @Test
    void anEditInATransitiveDependencyMakesTheServiceStale() throws Exception {
        touch(root.resolve("base/src/main/java/Base.java"));
        assertEquals(Optional.of("svc (sources newer than its jar)"), staleness().firstStale(List.of("svc")));
    }

    @Test
    void parentPomsCount() throws Exception {
        Files.setLastModifiedTime(root.resolve("services/pom.xml"), FileTime.from(BUILT.plusSeconds(1)));
        assertTrue(staleness().why("svc").isPresent());
    }

    @Test
    void testOnlyAndUnrelatedModulesDoNot() throws Exception {
        touch(root.resolve("fixtures/src/main/java/Fixture.java"));
        touch(root.resolve("other/src/main/java/Other.java"));
        touch(root.resolve("services/svc/src/test/java/SvcTest.java"));
        assertEquals(Optional.empty(), staleness().why("svc"));
    }

    @Test
    void aNewerApplicationJarStandsForTheBuild() throws Exception {
        touch(root.resolve("lib/src/main/java/Lib.java"));
        Files.setLastModifiedTime(Staleness.jar(root.resolve("services/svc")).resolveSibling("app/svc.jar"),
                FileTime.from(BUILT.plusSeconds(30)));
        assertEquals(Optional.empty(), staleness().why("svc"));
    }

    @Test
    void noJarAtAll() throws Exception {
        Files.delete(Staleness.jar(root.resolve("services/svc")));
        assertEquals(Optional.of("no services/svc/target/quarkus-app/quarkus-run.jar"), staleness().why("svc"));
    }

    @Test
    void theRepositoryItselfDerivesTheServicesInputsFromItsPoms() {
        Path repo = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
        Reactor reactor = Reactor.read(repo);
        List<Path> inputs = reactor.inputs("upload-gateway");
        for (String library : List.of("contracts", "messaging")) {
            assertTrue(inputs.contains(repo.resolve(library + "/src/main")), library + " missing in " + inputs);
        }
        assertTrue(inputs.contains(repo.resolve("pom.xml")));
    }

    private Staleness staleness() {
        return new Staleness(Reactor.read(root));
    }

    private static void touch(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "class X {}");
        // the folder's own time changes with a new entry: an edit, not a new file, is what is simulated
        for (Path p : List.of(file, file.getParent())) {
            Files.setLastModifiedTime(p, FileTime.from(BUILT.plusSeconds(10)));
        }
    }

    private static String deps(String dependencies) {
        return "<dependencies>" + dependencies + "</dependencies>";
    }

    private static String dep(String artifactId, String scope) {
        return "<dependency><groupId>t</groupId><artifactId>" + artifactId + "</artifactId>"
                + (scope == null ? "" : "<scope>" + scope + "</scope>") + "</dependency>";
    }

    private static void pom(Path dir, String artifactId, String parent, String body) throws Exception {
        Files.createDirectories(dir.resolve("src/main/java"));
        Files.writeString(dir.resolve("pom.xml"), "<project><groupId>t</groupId><artifactId>" + artifactId
                + "</artifactId>" + (parent == null ? "" : "<parent><groupId>t</groupId><artifactId>" + parent
                + "</artifactId></parent>") + body + "</project>");
    }
}

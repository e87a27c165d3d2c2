package dev.upshot.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The official Cloudinary Node SDK ({@code cloudinary} on npm, pinned by {@code src/test/node/package-lock.json})
 * against the packaged services: each {@code src/test/node/test/*.test.js} file is one test here, run by node's
 * built-in test runner with the account in {@code CLOUDINARY_URL} (set before the SDK is loaded, which is when it
 * picks http for the {@code upload_prefix}). The SDK is installed into {@code target/node-sdk} with {@code npm ci} on
 * the first run; later runs reuse it (and npm's own cache makes a reinstall work offline).
 */
class NodeSdkIT {
    private static final Path SOURCES = repo().resolve("system-tests/src/test/node");
    private static final Path WORK = repo().resolve("system-tests/target/node-sdk");
    private static final long FILE_TIMEOUT_MINUTES = 10;
    private static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
        install();
    }

    @TestFactory
    Stream<DynamicTest> everyNodeTestFilePasses() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(WORK.resolve("test"))) {
            files = listed.filter(f -> f.getFileName().toString().endsWith(".test.js")).sorted().toList();
        }
        assertTrue(files.size() > 1, "node test files in " + WORK.resolve("test"));
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> run(file)));
    }

    /** One file through {@code node --test}; a failing node test fails this one with the runner's whole output. */
    private static void run(Path file) throws Exception {
        Path output = WORK.resolve(file.getFileName() + ".out");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("CLOUDINARY_URL", "cloudinary://" + TestAccount.SHARED.key() + ":" + TestAccount.SHARED.secret()
                + "@e2e?upload_prefix=http://127.0.0.1:" + platform.gateway.port());
        env.put("UPSHOT_GATEWAY_URL", "http://127.0.0.1:" + platform.gateway.port());
        env.remove("NODE_OPTIONS");
        int exit = exec(List.of("node", "--test", "--test-reporter=spec", file.toString()), env, output,
                FILE_TIMEOUT_MINUTES);
        String log = Files.readString(output);
        assertEquals(0, exit, file.getFileName() + " failed under node --test:\n" + log);
        assertTrue(log.matches("(?s).*\\bpass \\d*[1-9]\\d*\\b.*"), "no node test passed:\n" + log);
    }

    /**
     * Copies the node sources into target/node-sdk and runs {@code npm ci} there unless the installed lock is the
     * one in the sources (a reinstall prefers npm's cache: offline after the first install).
     */
    private static void install() throws Exception {
        Files.createDirectories(WORK);
        requireTool("node", "Node.js 18 or later is needed to run the Node SDK tests (Debian: apt install nodejs)");
        requireTool("npm", "npm is needed to install the Node SDK for its tests (Debian: apt install npm)");
        copyTree(SOURCES, WORK);
        Path installedLock = WORK.resolve("node_modules/.installed-package-lock.json");
        byte[] lock = Files.readAllBytes(SOURCES.resolve("package-lock.json"));
        if (Files.exists(installedLock) && Arrays.equals(lock, Files.readAllBytes(installedLock))) {
            return;
        }
        Path output = WORK.resolve("npm-ci.out");
        int exit = exec(List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"), System.getenv(), output,
                FILE_TIMEOUT_MINUTES);
        if (exit != 0) {
            fail("npm ci failed in " + WORK + " (exit " + exit + "):\n" + Files.readString(output));
        }
        Files.write(installedLock, lock);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.filter(p -> !p.toString().contains("node_modules")).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void requireTool(String tool, String message) throws Exception {
        try {
            if (exec(List.of(tool, "--version"), System.getenv(), WORK.resolve(tool + "-version.out"), 1)
                    == 0) {
                return;
            }
        } catch (IOException e) {
            // not on the PATH: the message below says what to install
        }
        fail(message);
    }

    private static int exec(List<String> command, Map<String, String> env, Path output, long timeoutMinutes)
            throws Exception {
        Files.createDirectories(output.getParent());
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(WORK.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + timeoutMinutes + " min:\n"
                    + Files.readString(output));
        }
        return process.exitValue();
    }

    private static Path repo() {
        return Path.of(System.getProperty("upshot.repo", "..")).toAbsolutePath().normalize();
    }
}

package dev.upshot.local.command;

import dev.upshot.local.Console;
import dev.upshot.local.config.Account;
import dev.upshot.local.config.Database;
import dev.upshot.local.config.Env;
import dev.upshot.local.config.FreePorts;
import dev.upshot.local.config.Home;
import dev.upshot.local.config.Ports;
import dev.upshot.local.config.Repo;
import dev.upshot.local.config.Settings;
import dev.upshot.local.config.Stack;
import dev.upshot.local.config.Storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code test [MVN ARGS]}: throw-away Kafka, PostgreSQL and s3proxy on free ports in a temp folder, then
 * {@code mvn -B verify ARGS} at the root against them; stops them (also on Ctrl-C) and exits with Maven's code.
 */
final class TestRun {
    /** `up`'s settings (external DB/S3, cloud name) do not apply to throw-away infrastructure. */
    private static final String[] UP_ONLY = {"UPSHOT_DB_URL", "UPSHOT_S3_ENDPOINT", "UPSHOT_CLOUD_NAME"};

    private TestRun() {
    }

    static int run(Repo repo, Env systemEnv, List<String> args) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Models.fetch(repo);
        Env env = systemEnv.without(UP_ONLY);
        Path tmp = Files.createTempDirectory(Path.of(env.get("TMPDIR", "/tmp")), "upshot-test.");
        Home home = Home.create(tmp);
        Ports ports = Ports.free(new FreePorts());
        // unpacked PostgreSQL binaries are reused between test runs
        Stack stack = new Stack(repo, home, env, ports, Settings.from(env), Database.from(env, ports),
                Storage.from(env, ports, home), false, repo.local().resolve("target/embedded-pg"), 1);
        Account account = Account.ensure(home.account(), env);
        Starter starter = new Starter(stack, dev.upshot.local.build.Reactor.read(repo.root()));
        boolean keep = "1".equals(env.get("UPSHOT_KEEP_TEST_HOME", "0"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> cleanUp(starter, home, keep)));
        System.out.printf("upshot test: infrastructure in %s (kafka %d, pg %d, s3 %d)%n", home, ports.kafka(),
                ports.pg(), ports.s3());
        starter.startInfrastructure();
        Console.line("infrastructure", "ready in " + Console.secondsSince(t0) + " s");
        System.out.println("upshot test: mvn -B verify " + String.join(" ", args));
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "verify"));
        command.addAll(args);
        ProcessBuilder mvn = new ProcessBuilder(command).directory(repo.root().toFile()).inheritIO();
        mvn.environment().keySet().removeAll(List.of(UP_ONLY));
        mvn.environment().putAll(ServiceEnvironment.of(stack, account, repo));
        mvn.environment().put("UPSHOT_TEST_INFRA", "1");
        int rc = mvn.start().waitFor();
        System.out.println("upshot test: maven exited with " + rc);
        return rc;
    }

    private static void cleanUp(Starter starter, Home home, boolean keep) {
        System.out.println("upshot test: stopping the test infrastructure");
        starter.stopStarted();
        if (keep) {
            System.out.println("upshot test: kept " + home);
            return;
        }
        try (Stream<Path> files = Files.walk(home.dir())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("upshot test: could not delete " + home + ": " + e.getMessage());
        }
    }
}

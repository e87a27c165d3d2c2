package dev.upshot.local.command;

import dev.upshot.local.Console;
import dev.upshot.local.Die;
import dev.upshot.local.build.Reactor;
import dev.upshot.local.build.ServiceBuild;
import dev.upshot.local.build.Staleness;
import dev.upshot.local.config.Account;
import dev.upshot.local.config.Database;
import dev.upshot.local.config.Env;
import dev.upshot.local.config.Home;
import dev.upshot.local.config.Ports;
import dev.upshot.local.config.Repo;
import dev.upshot.local.config.Settings;
import dev.upshot.local.config.Stack;
import dev.upshot.local.config.State;
import dev.upshot.local.config.Storage;
import dev.upshot.local.infra.Kafka;
import dev.upshot.local.part.Part;
import dev.upshot.local.part.Service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code up [--replicas N]}: builds what is stale, starts what is not running, prints the CLOUDINARY_URL. */
final class Up {
    private Up() {
    }

    static int run(Repo repo, Env env, List<String> args) throws IOException, InterruptedException {
        int replicas;
        try {
            replicas = replicas(env, args);
        } catch (IllegalArgumentException unknown) {
            System.err.println("upshot up: unknown option '" + unknown.getMessage() + "'");
            System.err.print(Usage.text());
            return 2;
        }
        Home home = Home.create(repo.home(env));
        Ports ports = Ports.from(env);
        List<Service> services = selected(env);
        Stack stack = new Stack(repo, home, env, ports, Settings.from(env), Database.from(env, ports),
                Storage.from(env, ports, home), !"0".equals(env.get("UPSHOT_CDS", "1")), home.tmp().resolve("embedded-pg"),
                replicas);
        Account account = Account.ensure(home.account(), env);
        long t0 = System.nanoTime();
        System.out.println("upshot up: home " + home);
        Models.fetch(repo);
        Reactor reactor = Reactor.read(repo.root());
        buildServices(reactor, services, env, home);
        // the transcription worker's local speech model comes from Debian (pocketsphinx, pocketsphinx-en-us); it
        // starts without it, but every transcription then fails with "could not start pocketsphinx_continuous"
        if (services.contains(Service.TRANSCRIPTION_WORKER) && !Files.isExecutable(Path.of("/usr/bin/pocketsphinx_continuous"))) {
            Console.line("transcription", "warning: no /usr/bin/pocketsphinx_continuous: apt-get install pocketsphinx "
                    + "pocketsphinx-en-us");
        }
        new State(ports.settings(), stack.db().external(), stack.db().host() + ":" + stack.db().port(),
                stack.storage().external(), stack.storage().endpoint(),
                services.stream().map(Service::module).toList(), replicas).write(home.state());

        Starter starter = new Starter(stack, reactor);
        Thread interrupted = new Thread(() -> {
            System.out.println();
            System.err.println("interrupted");
            stopStarted(starter);
        });
        Runtime.getRuntime().addShutdownHook(interrupted);
        List<Part> parts = new ArrayList<>();
        services.forEach(s -> parts.addAll(s.parts(replicas)));
        try {
            starter.startInfrastructure();
            Kafka.Topics topics = starter.ensureTopics();
            Console.line("infrastructure", "ready in " + Console.secondsSince(t0) + " s");
            Map<String, String> serviceEnv = ServiceEnvironment.ofServices(stack, account, repo);
            for (Part part : parts) {
                starter.startService(part, serviceEnv);
            }
            topics.await();
            for (Part part : parts) {
                starter.awaitService(part);
            }
        } catch (Die e) {
            Runtime.getRuntime().removeShutdownHook(interrupted);
            System.err.println("upshot: " + e.getMessage());
            stopStarted(starter);
            return 1;
        } catch (IOException | InterruptedException | RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(interrupted);
            stopStarted(starter);
            throw e;
        }
        Runtime.getRuntime().removeShutdownHook(interrupted);
        Console.line("all", "up in " + Console.secondsSince(t0) + " s");
        if (services.isEmpty()) {
            System.out.println("  (UPSHOT_SERVICES=none: infrastructure only, no service is running)");
        }
        String url = account.cloudinaryUrl(ports.host(), ports.of(Service.UPLOAD_GATEWAY));
        String value = url.substring("CLOUDINARY_URL=".length());
        System.out.println();
        System.out.println(url);
        System.out.printf("""

                Try it (logs in %s/logs, stop with ./upshot down):
                  Node:  npm install cloudinary && \\
                         CLOUDINARY_URL='%s' node -e "require('cloudinary').v2.uploader.upload('some.jpg').then(console.log)"
                  Java:  // com.cloudinary:cloudinary-http5
                         Cloudinary c = new Cloudinary("%s");
                         Map<?, ?> r = c.uploader().upload(new File("some.jpg"), ObjectUtils.emptyMap());
                """, home, value, value);
        return 0;
    }

    private static void stopStarted(Starter starter) {
        if (!starter.started().isEmpty()) {
            System.err.println("stopping what this command started ...");
            starter.stopStarted();
        }
    }

    /** --replicas N, --replicas=N or UPSHOT_REPLICAS; an unknown option is thrown with its name as the message. */
    private static int replicas(Env env, List<String> args) {
        int replicas = replicas(env.get("UPSHOT_REPLICAS", "1"));
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--replicas")) {
                if (i + 1 >= args.size()) {
                    throw new Die("--replicas needs a number");
                }
                replicas = replicas(args.get(++i));
            } else if (arg.startsWith("--replicas=")) {
                replicas = replicas(arg.substring("--replicas=".length()));
            } else {
                throw new IllegalArgumentException(arg);
            }
        }
        return replicas;
    }

    private static int replicas(String value) {
        if (!value.matches("[1-9]")) {
            throw new Die("replicas must be a number from 1 to 9 (got '" + value + "')");
        }
        return Integer.parseInt(value);
    }

    /** The services UPSHOT_SERVICES names: all (default), none, or a comma list. */
    static List<Service> selected(Env env) {
        String want = env.get("UPSHOT_SERVICES", "all");
        return switch (want) {
            case "all" -> List.of(Service.values());
            case "none" -> List.of();
            default -> Arrays.stream(want.split(",")).map(name -> Service.named(name).orElseThrow(() -> new Die(
                    "UPSHOT_SERVICES: unknown service '" + name + "' (known: " + Service.names() + ", or none)")))
                    .toList();
        };
    }

    private static void buildServices(Reactor reactor, List<Service> services, Env env, Home home)
            throws IOException, InterruptedException {
        if (services.isEmpty()) {
            return;
        }
        Optional<String> why = new Staleness(reactor).firstStale(services.stream().map(Service::module).toList());
        if (why.isEmpty()) {
            return;
        }
        if ("1".equals(env.get("UPSHOT_SKIP_BUILD", "0"))) {
            if (why.get().contains("(no ")) {
                throw new Die("UPSHOT_SKIP_BUILD=1 but a service is not built: " + why.get());
            }
            Console.line("services", "not rebuilt (UPSHOT_SKIP_BUILD=1) although " + why.get());
            return;
        }
        Console.line("services", "mvn -B -DskipTests package at the root, because of " + why.get());
        ServiceBuild.run(reactor.root(), home.log("build"));
    }
}

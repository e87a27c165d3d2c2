package dev.upshot.local.process;

import dev.upshot.local.config.Home;
import dev.upshot.local.config.Settings;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The home's one supervisor process ({@code __supervise HOME}): a {@link Supervisor} thread for every run/PART.launch,
 * stopped by run/PART.stop. It sleeps on the folder's change notifications (inotify), not on a timer, and exits once
 * it supervises nothing. One JVM for the whole stack instead of one per part (each cost ~20 MiB).
 */
public final class SupervisorDaemon {
    private static final String LAUNCH = ".launch";
    private static final String STOP = ".stop";

    private final Home home;
    private final Settings settings;
    private final Map<String, Supervisor> supervised = new HashMap<>();
    private boolean exiting; // guarded by supervised: no new part once decided

    public SupervisorDaemon(Home home, Settings settings) {
        this.home = home;
        this.settings = settings;
    }

    /** Supervises until it has nothing left to supervise or gets SIGTERM (which stops every part). */
    public void run() throws IOException, InterruptedException {
        Path run = home.supervisorPid().getParent();
        try (WatchService watch = run.getFileSystem().newWatchService()) {
            run.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll));
            try (Stream<Path> present = Files.list(run)) {
                present.map(p -> p.getFileName().toString()).sorted().forEach(this::handle);
            }
            exitIfIdle();
            while (true) {
                WatchKey key = watch.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path name) {
                        handle(name.toString());
                    }
                }
                if (!key.reset()) {
                    System.exit(0); // the home was removed: its parts are stopped with this process
                }
            }
        } catch (ClosedWatchServiceException e) {
            // the JVM is exiting
        }
    }

    private void handle(String file) {
        if (file.endsWith(LAUNCH)) {
            start(file.substring(0, file.length() - LAUNCH.length()));
        } else if (file.endsWith(STOP)) {
            String part = file.substring(0, file.length() - STOP.length());
            Supervisor supervisor;
            synchronized (supervised) {
                supervisor = supervised.get(part);
            }
            if (supervisor == null) {
                forget(part);
            } else {
                Thread.ofPlatform().name("stop-" + part).start(supervisor::stop);
            }
        }
    }

    private void start(String part) {
        LaunchFile launch;
        try {
            launch = LaunchFile.read(home.launch(part));
        } catch (IOException e) {
            return; // gone again (stopped at once): nothing to run
        }
        synchronized (supervised) {
            if (exiting || supervised.containsKey(part)) {
                return; // exiting: the launcher sees this process end and starts another for the part
            }
            Runnable beforeStart = part.equals("pg")
                    ? () -> Postmaster.stopOrphan(home, settings.stopGrace(), false) : () -> { };
            Supervisor supervisor = new Supervisor(home, part, launch, settings, beforeStart);
            supervised.put(part, supervisor);
            stopOrphan(part);
            Thread.ofPlatform().name("supervise-" + part).start(() -> supervise(part, supervisor));
        }
    }

    private void supervise(String part, Supervisor supervisor) {
        try {
            supervisor.run();
        } catch (IOException e) {
            System.out.println("upshot supervisor: " + part + ": cannot run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (supervised) {
                supervised.remove(part);
                forget(part);
            }
            exitIfIdle();
        }
    }

    /** A process of PART left running by a supervisor that was killed (SIGKILL leaves its children). */
    private void stopOrphan(String part) {
        OsProcesses.readPid(home.child(part)).stream().boxed()
                .filter(pid -> OsProcesses.proc(pid, "environ").contains(PartProcesses.TAG + "=" + part + "@" + home))
                .flatMap(pid -> OsProcesses.handle(pid).stream())
                .forEach(orphan -> OsProcesses.stop(orphan, settings.stopGrace()));
    }

    private void exitIfIdle() {
        synchronized (supervised) {
            if (exiting || !supervised.isEmpty() || anyLaunch()) {
                return;
            }
            exiting = true;
        }
        System.exit(0);
    }

    private boolean anyLaunch() {
        try (Stream<Path> files = Files.list(home.supervisorPid().getParent())) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(LAUNCH));
        } catch (IOException e) {
            return true;
        }
    }

    private void forget(String part) {
        for (Path file : List.of(home.launch(part), home.stopRequest(part), home.child(part))) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.out.println("upshot supervisor: " + part + ": cannot remove " + file + ": " + e.getMessage());
            }
        }
    }

    /** SIGTERM: every part stopped at once, then forgotten. */
    private void stopAll() {
        Map<String, Supervisor> all;
        synchronized (supervised) {
            exiting = true;
            all = Map.copyOf(supervised);
        }
        List<Thread> stops = all.values().stream().map(s -> Thread.ofPlatform().start(s::stop)).toList();
        for (Thread t : stops) {
            try {
                t.join(settings.stopGrace().plus(Duration.ofSeconds(5)).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        all.keySet().forEach(this::forget);
    }
}

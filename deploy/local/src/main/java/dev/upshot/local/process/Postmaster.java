package dev.upshot.local.process;

import dev.upshot.local.Console;
import dev.upshot.local.config.Home;

import java.time.Duration;

/**
 * A PostgreSQL server left running on the home's cluster outside supervision (the preparation's server, started by
 * pg_ctl in its own session, when that JVM was killed; or a server of an older launcher) is stopped here through the
 * cluster's postmaster.pid.
 */
public final class Postmaster {
    private Postmaster() {
    }

    /** Stops the server left in HOME's data/pg, if any; {@code report} prints a progress line. */
    public static void stopOrphan(Home home, Duration grace, boolean report) {
        var pid = OsProcesses.readPid(home.data("pg").resolve("postmaster.pid"));
        if (pid.isEmpty() || !OsProcesses.alive(pid.getAsLong())) {
            return;
        }
        String cmdline = String.join(" ", OsProcesses.proc(pid.getAsLong(), "cmdline")) + " ";
        if (!cmdline.contains("-D " + home.data("pg") + " ")) {
            return;
        }
        if (report) {
            Console.begin("pg", "stopping orphaned PostgreSQL server (pid " + pid.getAsLong() + ") ...");
        }
        OsProcesses.signal(pid.getAsLong(), "INT"); // fast shutdown: SIGTERM would wait for every client
        OsProcesses.handle(pid.getAsLong()).ifPresent(p -> OsProcesses.killAfter(java.util.List.of(p), grace));
        if (report) {
            System.out.println(" stopped");
        }
    }
}

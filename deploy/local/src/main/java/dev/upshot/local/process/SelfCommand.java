package dev.upshot.local.process;

import dev.upshot.local.config.Home;

import java.util.ArrayList;
import java.util.List;

/** A command line that runs this launcher again, with the Java and class path it runs on now. */
public final class SelfCommand {
    /** A supervisor only waits and polls: a small heap and the C1 compiler keep its footprint to a few MiB. */
    private static final List<String> SUPERVISOR_JVM = List.of("-Xms4m", "-Xmx24m", "-Xss256k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=8m", "-XX:MaxMetaspaceSize=32m",
            "-XX:+UnlockDiagnosticVMOptions", "-XX:AsyncDeflationInterval=2000");

    private SelfCommand() {
    }

    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** {@code __supervise HOME}: the home's supervisor. */
    public static List<String> supervisor(Home home) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(SUPERVISOR_JVM);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.upshot.local.Upshot",
                "__supervise", home.toString()));
        return command;
    }
}

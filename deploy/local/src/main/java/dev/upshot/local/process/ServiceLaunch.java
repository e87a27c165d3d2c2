package dev.upshot.local.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How a packaged service (target/quarkus-app/quarkus-run.jar) is run: by {@code up} and by the system tests. */
public final class ServiceLaunch {
    /**
     * Small footprint: the heap starts small and gives memory back after a collection, 256 MiB at most; the serial
     * collector keeps no per-region bookkeeping (G1's costs tens of MiB per JVM) and one GC thread is all 2 cores
     * spare. Out of memory, the process exits so that its supervisor restarts it.
     */
    public static final List<String> JVM = List.of("-Xms24m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:+ExitOnOutOfMemoryError");

    private ServiceLaunch() {
    }

    /** {@code java JVM EXTRA -Dquarkus.profile=local -jar MODULE/target/quarkus-app/quarkus-run.jar}. */
    public static List<String> command(String java, Path moduleDir, List<String> extraJvmOptions) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM);
        command.addAll(extraJvmOptions);
        command.addAll(List.of("-Dquarkus.profile=local", "-jar",
                dev.upshot.local.build.Staleness.jar(moduleDir).toString()));
        return command;
    }

    /**
     * The HTTP port and address; two malloc arenas instead of up to 16 on 2 cores, so that native allocations (Netty,
     * libvips, ONNX) fragment less.
     */
    public static Map<String, String> environment(int port, String bind) {
        return Map.of("QUARKUS_HTTP_PORT", Integer.toString(port), "QUARKUS_HTTP_HOST", bind, "MALLOC_ARENA_MAX", "2");
    }
}

package dev.upshot.local.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** How a packaged service (target/quarkus-app/quarkus-run.jar) is run: by {@code up} and by the system tests. */
public final class ServiceLaunch {
    /**
     * Small footprint, for every JVM of the stack: the serial collector keeps no per-region bookkeeping (G1's costs
     * tens of MiB per JVM) and one GC thread is all 2 cores spare; the heap gives memory back after a collection, all
     * of it at the first full collection (not in steps); compact object headers (8 bytes instead of 12) shrink the
     * heap; freed native memory (the JIT's arenas, start-up buffers) goes back to the system every 30 s instead of
     * staying in malloc's free lists. Out of memory, the process exits so that its supervisor restarts it. The
     * monitor deflation thread looks for idle locks every 2 s instead of every 250 ms: it was ~0.6 ms/s of each idle
     * JVM (a tenth of the idle stack); it still runs at once when 90 % of the monitors are in use.
     */
    public static final List<String> FOOTPRINT = List.of("-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30", "-XX:-ShrinkHeapInSteps", "-XX:+UseCompactObjectHeaders",
            "-XX:TrimNativeHeapInterval=30000", "-XX:+ExitOnOutOfMemoryError", "-XX:+UnlockDiagnosticVMOptions",
            "-XX:AsyncDeflationInterval=2000");

    /** A service: the heap starts small, 256 MiB at most. Measured on analysis-worker, idle: PSS 193 -> 180 MiB. */
    public static final List<String> JVM = Stream.concat(Stream.of("-Xms24m", "-Xmx256m"), FOOTPRINT.stream())
            .toList();

    /**
     * Services whose Java code only passes work on (to ONNX Runtime, libvips, pocketsphinx, the sandbox processes) run
     * on the C1 compiler alone: no C2 code, profiles or arenas, 18 MiB less each (PSS, analysis-worker idle 180 -> 162
     * MiB); the gateway, the dispatcher and analysis-worker (pixel loops in Java) keep C2's faster code.
     */
    static final Set<String> C1_ONLY = Set.of("moderation-worker", "derivation-worker", "transcription-worker",
            "onsuccess-runner");

    /**
     * analysis-worker allocates a few 4 MiB arrays per 1 MP image, two images at a time. In the small young generation
     * the free ratios above leave, those in flight at a collection are promoted and only full collections free them.
     * A 64 MiB young generation with 16 MiB survivors (the initial heap must hold it, or the JVM shrinks it) keeps
     * them young: 20 analysed uploads/s for 30 s, GC 28.7 s (-Xmn64m alone) -> 5.1 s, 69.7 -> 60.4 ms CPU per image.
     */
    static final Map<String, List<String>> EXTRA = Map.of("analysis-worker",
            List.of("-Xms80m", "-Xmn64m", "-XX:SurvivorRatio=2"));

    private ServiceLaunch() {
    }

    /** {@code java JVM EXTRA -Dquarkus.profile=local -jar MODULE/target/quarkus-app/quarkus-run.jar}. */
    public static List<String> command(String java, Path moduleDir, List<String> extraJvmOptions) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM);
        String service = moduleDir.getFileName().toString();
        if (C1_ONLY.contains(service)) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(EXTRA.getOrDefault(service, List.of()));
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

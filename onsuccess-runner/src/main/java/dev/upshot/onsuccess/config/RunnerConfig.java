package dev.upshot.onsuccess.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** The sandbox pool and the limits of one script run (prefix {@code upshot.onsuccess}). */
@ConfigMapping(prefix = "upshot.onsuccess")
public interface RunnerConfig {

    Pool pool();

    Limits limits();

    interface Pool {
        /** Child sandbox processes at most; each runs one script at a time. */
        @WithDefault("2")
        int size();

        /**
         * Children kept while there is no work (at least 1; an idle child is ~80 MiB). When a script finds every
         * child busy, another starts, up to {@link #size()}; it stops after {@link #idleRetire()} without work.
         */
        @WithDefault("1")
        int warm();

        /** How long a child beyond {@link #warm()} waits for work before it is stopped. */
        @WithDefault("PT2M")
        Duration idleRetire();

        /** Maximum heap of each child JVM. */
        @WithDefault("256m")
        String childHeap();

        /**
         * Extra JVM options of the children. By default a small footprint: the heap starts at 16 MiB (not a 64th of
         * the machine's memory) and shrinks at a full collection, compact object headers, freed native memory given
         * back every 30 s (an idle warm child: PSS 178 -> 84 MiB).
         */
        @WithDefault("-XX:+UseSerialGC,-Xms16m,-XX:MinHeapFreeRatio=10,-XX:MaxHeapFreeRatio=30,-XX:-ShrinkHeapInSteps,"
                + "-XX:+UseCompactObjectHeaders,-XX:TrimNativeHeapInterval=30000")
        List<String> childJvmOptions();

        /** Script runs a new child does before it takes work (the first runs of an engine are slow). */
        @WithDefault("50")
        int warmUpRuns();

        /** Warm-up stops early after this long, so a busy machine still gets a child that takes work. */
        @WithDefault("PT10S")
        Duration warmUpBudget();

        /** How long a child may take to start and warm up before it is killed and started again. */
        @WithDefault("PT120S")
        Duration startTimeout();

        /** Time beyond the script timeout before the parent kills a child that has not answered. */
        @WithDefault("PT1S")
        Duration killGrace();

        /** How long a run waits for a free child before the event is retried. */
        @WithDefault("PT30S")
        Duration acquireTimeout();
    }

    interface Limits {
        /** Wall-clock time of one run. */
        @WithDefault("PT2S")
        Duration timeout();

        /** JavaScript statements per run. */
        @WithDefault("10000000")
        long statements();

        /** Bytes the run may allocate in total (churn, not live size). */
        @WithDefault("268435456")
        long allocationBytes();

        /** Longest JavaScript string, in characters. */
        @WithDefault("16777216")
        int stringLength();

        /** Console output per run, in bytes; more fails the run. */
        @WithDefault("65536")
        int outputBytes();

        /** {@code current_asset.update} calls per run. */
        @WithDefault("10")
        int updateCalls();

        /** Size of one update's JSON, in bytes. */
        @WithDefault("1048576")
        int updateBytes();

        /** Compiled scripts cached per child. */
        @WithDefault("256")
        int cachedSources();
    }
}

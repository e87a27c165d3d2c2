package dev.upshot.local.config;

import dev.upshot.local.Die;
import dev.upshot.local.readiness.Probes;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * TCP ports nothing listens on, below the ephemeral range (so that no client socket takes one between the check and
 * the server's bind), none handed out twice.
 */
public final class FreePorts {
    private final IntSupplier candidates;
    private final Set<Integer> handedOut = new HashSet<>();

    public FreePorts() {
        this(() -> ThreadLocalRandom.current().nextInt(20000, 32000));
    }

    /** Draws from {@code candidates}: tests pass a sequence of their own. */
    public FreePorts(IntSupplier candidates) {
        this.candidates = candidates;
    }

    public int next() {
        for (int i = 0; i < 200; i++) {
            int port = candidates.getAsInt();
            if (!handedOut.contains(port) && !Probes.portOpen("127.0.0.1", port)) {
                handedOut.add(port);
                return port;
            }
        }
        throw new Die("no free port found");
    }
}

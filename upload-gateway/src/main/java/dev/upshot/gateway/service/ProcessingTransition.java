package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.gateway.persistence.AwaitedWork;
import dev.upshot.gateway.persistence.OnSuccessStatus;

import java.util.List;

/** Where an asset's processing goes on an event ({@link ProcessingPolicy}). */
public sealed interface ProcessingTransition {

    /** The event does not apply (another version's, work not awaited, an outcome already applied): no change. */
    record Ignored(String why) implements ProcessingTransition {
    }

    /** Work still runs: the asset awaits {@code awaiting} and holds the call's notice. */
    record Await(List<AwaitedWork> awaiting) implements ProcessingTransition {
        public Await {
            awaiting = List.copyOf(awaiting);
        }
    }

    /** Everything requested is done: on_success goes to the runner (PENDING), the notice waits for its outcome. */
    record RunOnSuccess() implements ProcessingTransition {
    }

    /** Everything requested is done and there is no on_success: the notice goes out now. */
    record Notify() implements ProcessingTransition {
    }

    /** on_success asked for an update, which is validated before the outcome settles. */
    record ApplyUpdate(ObjectNode update) implements ProcessingTransition {
        public Settle applied() {
            return new Settle(OnSuccessStatus.SUCCEEDED, null);
        }

        /** A refused update leaves the asset as it was and says why. */
        public Settle refused(String why) {
            return new Settle(OnSuccessStatus.FAILED, "Update refused: " + why);
        }
    }

    /** on_success is over, with {@code error} when it failed; the held notice, if any, goes out. */
    record Settle(OnSuccessStatus status, String error) implements ProcessingTransition {
        public Settle {
            if (status == OnSuccessStatus.PENDING) {
                throw new IllegalArgumentException("on_success settles as succeeded or failed");
            }
        }
    }
}

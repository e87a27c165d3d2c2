package dev.upshot.gateway.persistence;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What a call's notification needs besides the asset row, kept on the row ({@code pending_notification}) while
 * awaited work and on_success run.
 *
 * @param batchId set for {@code async=true} calls
 * @param url     the call's notification_url
 * @param infoOf  for {@link Type#INFO}: the groups under {@code info} whose results are notified, one notification
 *                per result
 */
public record Notice(URI base, String requestId, String batchId, boolean overwritten, Type type,
                     Optional<String> url, List<String> infoOf) {

    /** The notification's type: the call that asked for the work. */
    public enum Type {
        /** An upload. */
        UPLOAD,
        /** The Upload API's {@code explicit}. */
        EXPLICIT,
        /** The add-ons of an Admin update. */
        INFO;

        /** As {@code notification_type} and the triggers' {@code event_type} name it. */
        public String wire() {
            return WireNames.of(this);
        }
    }
}

package dev.upshot.gateway.persistence;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.Converter;

import java.util.Optional;

/**
 * Where one entry of a moderation chain stands: QUEUED behind an earlier entry, PENDING a decision, decided
 * (APPROVED or REJECTED), or ABORTED by an earlier rejection.
 */
public enum ModerationStatus {
    QUEUED, PENDING, APPROVED, REJECTED, ABORTED;

    /** As Cloudinary shows it ({@code moderation_status}, {@code moderation[].status}) and the columns keep it. */
    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    public boolean isDecision() {
        return this == APPROVED || this == REJECTED;
    }

    /** Still to be decided: an entry a rejection before it aborts. */
    public boolean isWaiting() {
        return this == QUEUED || this == PENDING;
    }

    public static Optional<ModerationStatus> parse(String name) {
        return WireNames.parse(ModerationStatus.class, name);
    }

    /** A decision someone may take: approved or rejected. */
    public static Optional<ModerationStatus> decision(String name) {
        return parse(name).filter(ModerationStatus::isDecision);
    }

    @Converter
    public static class Column extends WireNames.Column<ModerationStatus> {
        public Column() {
            super(ModerationStatus.class);
        }
    }
}

package dev.upshot.gateway.persistence;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.Converter;

/** Where the asset's on_success script stands: PENDING while the runner has it; the others are final. */
public enum OnSuccessStatus {
    PENDING, SUCCEEDED, FAILED;

    /** As the answers show it under {@code on_success.status}. */
    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    @Converter
    public static class Column extends WireNames.Column<OnSuccessStatus> {
        public Column() {
            super(OnSuccessStatus.class);
        }
    }
}

package dev.upshot.gateway.persistence;

import com.fasterxml.jackson.annotation.JsonValue;

/** Post-upload work that holds the asset's processing (and a synchronous answer) until its worker reports. */
public enum AwaitedWork {
    /** The analysis worker's results (the upload's analyses, the Admin update's add-ons). */
    ANALYSIS,
    /** The derivation worker's synchronous eager derivatives. */
    EAGER;

    /** As the answer names it under {@code processing.awaiting} and the column keeps it. */
    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }
}

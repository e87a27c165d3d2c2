package dev.upshot.gateway.service;

import dev.upshot.gateway.persistence.WireNames;

/** The status of an add-on result under {@code info} (analysis add-ons, transcription), as Cloudinary shows it. */
enum InfoStatus {
    PENDING, COMPLETE, FAILED;

    String wire() {
        return WireNames.of(this);
    }
}

package dev.upshot.contracts;

/** Marker for event payload records; the record's simple name is the envelope's {@code type}. */
public sealed interface Event permits AssetUploaded, WorkRequested, ModerationCompleted, AnalysisCompleted, AssetProcessed, OnSuccessCompleted,
        NotificationRequested, NotificationOutcome, DerivativesCreated, AssetDeleted, AssetRenamed, AssetTagsChanged,
        AssetContextChanged, AssetMetadataChanged, TranscriptionCompleted {
}

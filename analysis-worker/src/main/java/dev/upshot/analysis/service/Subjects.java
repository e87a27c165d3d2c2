package dev.upshot.analysis.service;

import dev.upshot.contracts.AssetUploaded;

import java.nio.file.Path;

/** Opens the {@link Subject} of a downloaded original. */
public interface Subjects {
    Subject open(Path file, AssetUploaded uploaded);
}

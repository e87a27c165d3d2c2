package dev.upshot.derivation.service;

/** This derivative cannot be made from this original (not an image, too large, unsupported); retrying won't help. */
public class DerivationFailedException extends Exception {
    public DerivationFailedException(String message) {
        super(message);
    }
}

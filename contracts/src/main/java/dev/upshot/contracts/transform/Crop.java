package dev.upshot.contracts.transform;

/** Crop modes ({@code c_}), as Cloudinary defines them. */
public enum Crop {
    /** Exactly w×h (one given: the other keeps the aspect ratio). */
    SCALE,
    /** Within w×h, aspect kept, may enlarge. */
    FIT,
    /** Within w×h, aspect kept, never enlarges. */
    LIMIT,
    /** Covers w×h, aspect kept, the excess cut away around the gravity. */
    FILL,
    /** Within w×h, aspect kept, the rest of w×h filled with the background. */
    PAD,
    /** A w×h region of the image at its own scale, placed by the gravity. */
    CROP,
    /** Like fill, but never enlarges: a thumbnail of a small image is the image. */
    THUMB
}

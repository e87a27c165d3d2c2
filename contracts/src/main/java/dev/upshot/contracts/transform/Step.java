package dev.upshot.contracts.transform;

import java.util.Optional;

/**
 * One component group of a chain ({@code c_fill,g_north,h_100,w_100}).
 *
 * @param quality    1–100, or empty for the encoder's default
 * @param format     {@code f_} value (jpg, png, webp, gif, auto), or empty
 * @param background ARGB of {@code b_} (pad), or empty for white
 * @param startOffset {@code so_}: for a video original, the second of the frame an image is made from
 * @param text       the components sorted by name, as the SDKs send them and URLs carry them
 */
public record Step(Optional<Dimension> width, Optional<Dimension> height, Crop crop, Gravity gravity,
                   Optional<Integer> quality, Optional<String> format, Optional<Integer> background,
                   Optional<Double> startOffset, String text) {
}

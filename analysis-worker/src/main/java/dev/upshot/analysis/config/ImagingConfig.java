package dev.upshot.analysis.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the pixel analyses: what the worker agrees to decode, and at which size. */
@ConfigMapping(prefix = "upshot.analysis")
public interface ImagingConfig {

    /**
     * Largest image (width × height, read from the file's header) the worker decodes; larger ones fail their pixel
     * analyses before any pixel buffer is allocated. 100 MP, like the gateway's upload limit.
     */
    @WithDefault("100000000")
    long maxPixels();

    /**
     * Longer side of the shared reduced decode: every request for an image this size or smaller (phash 1000 px,
     * colours 256 px, quality 1000 px) is served from one subsampled decode: 1000 lets a 12 MP JPEG decode at a
     * quarter of its size.
     */
    @WithDefault("1000")
    int decodeSide();

    /**
     * Compression-artifact scores (dct, blockiness, chroma_subsampling) read a full-resolution crop; like
     * Cloudinary, they are skipped above this many pixels.
     */
    @WithDefault("10000000")
    long artifactMaxPixels();
}

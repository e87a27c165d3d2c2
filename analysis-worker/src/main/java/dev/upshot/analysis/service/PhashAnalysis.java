package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.analysis.config.ImagingConfig;
import dev.upshot.kit.imaging.PerceptualHash;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * {@code phash=true} → {@code phash}: 16 hex digits of the platform's one {@link PerceptualHash}, the same function the
 * moderation worker's duplicate check uses. It is fed the shared reduced decode (not a 32 px copy, which would be
 * reduced twice), so for images up to that size the pixels, and so the hash, are the moderation worker's own.
 */
@ApplicationScoped
public class PhashAnalysis implements Analysis {
    private final int decodeSide;

    @Inject
    public PhashAnalysis(ImagingConfig config) {
        this(config.decodeSide());
    }

    public PhashAnalysis(int decodeSide) {
        this.decodeSide = decodeSide;
    }

    @Override
    public String name() {
        return "phash";
    }

    @Override
    public void run(Subject subject, Map<String, String> parameters, ObjectNode response) throws AnalysisFailedException {
        response.put("phash", PerceptualHash.hex(PerceptualHash.of(subject.image(decodeSide))));
    }
}

package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.analysis.imaging.PerceptualHash;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** {@code phash=true} → {@code phash}: 16 hex digits, see {@link PerceptualHash}. */
@ApplicationScoped
public class PhashAnalysis implements Analysis {

    @Override
    public String name() {
        return "phash";
    }

    @Override
    public void run(Subject subject, Map<String, String> parameters, ObjectNode response) throws AnalysisFailedException {
        response.put("phash", PerceptualHash.hex(PerceptualHash.of(subject.image(32))));
    }
}

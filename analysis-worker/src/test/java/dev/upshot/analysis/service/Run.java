package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.analysis.imaging.DecodedImage;
import dev.upshot.contracts.EventCodec;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;

/** Runs one analysis over a file the way the pipeline does, returning the fields it added. */
final class Run {
    private Run() {
    }

    static ObjectNode analysis(Analysis analysis, Path file, String format, BufferedImage original) throws Exception {
        ObjectNode response = EventCodec.mapper().createObjectNode();
        DecodedImage subject = new DecodedImage(file, format, original.getWidth(), original.getHeight(), 100_000_000, 1024);
        analysis.run(subject, Map.of(analysis.name(), "true"), response);
        return response;
    }
}

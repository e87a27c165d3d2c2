package dev.upshot.analysis.service;

import dev.upshot.analysis.imaging.DecodedImages;
import dev.upshot.kit.s3.ObjectStore;
import dev.upshot.contracts.AnalysisCompleted;
import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.EventCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the requested analyses of one uploaded asset: the original is downloaded once, decoded through one
 * {@link Subject}, and every requested analysis reads from it. Runs on a worker thread.
 */
@ApplicationScoped
public class AssetAnalyzer {
    private static final Logger LOG = Logger.getLogger(AssetAnalyzer.class);

    private final ObjectStore store;
    private final DecodedImages images;
    private final AnalysisPipeline pipeline;

    private final Vertx vertx;

    public AssetAnalyzer(ObjectStore store, DecodedImages images, AnalysisPipeline pipeline, Vertx vertx) {
        this.vertx = vertx;
        this.store = store;
        this.images = images;
        this.pipeline = pipeline;
    }

    /** On a worker thread; the result comes back on the caller's Vert.x context, where its transaction runs. */
    public Uni<AnalysisCompleted> analyze(AssetUploaded uploaded) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> analyzeNow(uploaded)), false);
    }

    private AnalysisCompleted analyzeNow(AssetUploaded uploaded) {
        Map<String, String> requested = uploaded.requested().analyses();
        if (!uploaded.resourceType().equals("image")) {
            return new AnalysisCompleted(EventCodec.mapper().createObjectNode(), Map.of("analysis",
                    "only images are analysed; this asset is of resource type " + uploaded.resourceType()));
        }
        Path file;
        try {
            file = store.downloadToTemp(uploaded.bucket(), uploaded.objectKey(), ".bin");
        } catch (Exception e) {
            // the store being away is worth a retry of the whole event; the consumer does that
            throw new IllegalStateException("original " + uploaded.objectKey() + " not readable: " + e.getMessage(), e);
        }
        try {
            long started = System.nanoTime();
            AnalysisPipeline.Result result = pipeline.run(images.open(file, uploaded.format(), uploaded.width(),
                    uploaded.height()), requested);
            LOG.debugf("%s analysed (%s) in %d ms", uploaded.publicId(), requested.keySet(),
                    (System.nanoTime() - started) / 1_000_000);
            return new AnalysisCompleted(result.fields(), result.errors());
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debugf("temporary file %s not deleted: %s", file, e.getMessage());
            }
        }
    }
}

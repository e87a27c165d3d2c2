package dev.upshot.moderation.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.AssetUploaded;
import dev.upshot.kit.imaging.PerceptualHash;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.ModerationCompleted;
import dev.upshot.contracts.Topics;
import dev.upshot.moderation.client.HttpModeration;
import dev.upshot.moderation.config.ModerationConfig;
import dev.upshot.moderation.persistence.Fingerprints;
import dev.upshot.moderation.storage.HashingReader;
import dev.upshot.video.VideoFrames;
import dev.upshot.imaging.ImageException;
import dev.upshot.imaging.Images;
import dev.upshot.messaging.Outbox;
import dev.upshot.messaging.WorkMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the automated part of an upload's moderation chain in order, stopping at the first rejection or at
 * {@code manual} (the gateway's queue). The slow part (reading the original, the providers, the index lookups)
 * runs before the consumer's transaction; the transaction then records the fingerprint and one
 * {@code ModerationCompleted} per decided kind through the outbox. Every upload with an automated kind is
 * fingerprinted, so later ones are compared with it once it is approved.
 */
@ApplicationScoped
public class ModerationRunner {
    private static final Logger LOG = Logger.getLogger(ModerationRunner.class);
    private static final String DUPLICATE = "duplicate:";
    private static final int DECODE_SIDE = 512;

    private final ModerationConfig config;
    private final HashingReader originals;
    private final FingerprintIndex index;
    private final HttpModeration http;
    private final NsfwModeration nsfw;
    private final Outbox outbox;
    private final Fingerprints fingerprints;
    private final Vertx vertx;

    public ModerationRunner(ModerationConfig config, HashingReader originals, FingerprintIndex index, HttpModeration http,
                            NsfwModeration nsfw, Outbox outbox, Fingerprints fingerprints, Vertx vertx) {
        this.config = config;
        this.originals = originals;
        this.index = index;
        this.http = http;
        this.nsfw = nsfw;
        this.outbox = outbox;
        this.fingerprints = fingerprints;
        this.vertx = vertx;
    }

    /** What the slow part found: the subject and the decisions in chain order. */
    public record Outcome(Subject subject, List<ModerationCompleted> decisions) {
    }

    /** Outside any transaction: read, fingerprint and decide. */
    public Uni<Outcome> moderate(Envelope envelope, AssetUploaded asset) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> examine(envelope, asset)))
                .chain(subject -> decideFrom(subject, 0, new ArrayList<>()).map(d -> new Outcome(subject, d)));
    }

    /** In the consumer's transaction: the fingerprint row and the decisions. */
    public Uni<Void> record(Outcome outcome) {
        Subject subject = outcome.subject();
        Envelope envelope = subject.envelope();
        List<String> chain = subject.asset().requested().moderation();
        List<ModerationCompleted> decisions = outcome.decisions();
        boolean rejected = decisions.stream().anyMatch(d -> d.status().equals(ModerationCompleted.REJECTED));
        String status = rejected ? Fingerprints.REJECTED
                : decisions.size() == chain.size() ? Fingerprints.APPROVED : Fingerprints.PENDING;
        Uni<Void> written = fingerprints.remember(envelope.assetId(), envelope.cloud(), subject.asset().publicId(),
                envelope.assetVersion(), subject.sha256(), subject.phash(), chain.size(), status);
        for (ModerationCompleted decision : decisions) {
            written = written.chain(() -> outbox.append(Topics.MODERATION_COMPLETED, EventCodec.wrap(decision,
                    envelope.assetId(), envelope.assetVersion(), envelope.cloud(), decision.updatedAt())));
        }
        return written;
    }

    /**
     * The original could not be examined for good (corrupt, unreadable): the first automated kind of the chain is
     * rejected with the reason, so the asset does not pass unexamined; a reviewer can still approve it.
     */
    public Uni<Void> recordFailure(Envelope envelope, AssetUploaded asset, Throwable failure) {
        List<String> chain = asset.requested().moderation();
        if (chain.isEmpty() || chain.get(0).equals(AssetUploaded.RequestedWork.MANUAL)) {
            return Uni.createFrom().voidItem();
        }
        ObjectNode response = EventCodec.mapper().createObjectNode();
        response.put("error", "the original could not be examined: " + failure.getMessage());
        ModerationCompleted rejected = new ModerationCompleted(chain.get(0), 0, ModerationCompleted.REJECTED, response,
                Instant.now());
        return outbox.append(Topics.MODERATION_COMPLETED, EventCodec.wrap(rejected, envelope.assetId(),
                envelope.assetVersion(), envelope.cloud(), rejected.updatedAt()));
    }

    /** Reads the original once: its SHA-256 always, pHash and pixels when it is a decodable image of reasonable size. */
    Subject examine(Envelope envelope, AssetUploaded asset) {
        if (asset.resourceType().equals("video") && asset.width() > 0 && usesImageModel(asset)) {
            return withFrames(envelope, asset);
        }
        ModerationConfig.Duplicate limits = config.duplicate();
        boolean decodable = asset.resourceType().equals("image") && asset.bytes() <= limits.maxDecodeBytes()
                && (long) asset.width() * asset.height() <= limits.maxPixels();
        try {
            HashingReader.Read read = originals.read(asset.bucket(), asset.objectKey(), decodable ? limits.maxDecodeBytes() : 0);
            BufferedImage image = decodable && read.bytes() != null ? decode(read.bytes(), limits.maxPixels()) : null;
            return new Subject(envelope, asset, read.sha256(), image == null ? null : PerceptualHash.of(image), image,
                    List.of());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not read the original " + asset.objectKey() + ": " + e.getMessage(), e);
        }
    }

    private boolean usesImageModel(AssetUploaded asset) {
        return asset.requested().moderation().stream()
                .anyMatch(kind -> config.aliases().getOrDefault(kind, kind).equals(NsfwModeration.KIND));
    }

    /** A video with pictures: copied to a temporary file, hashed, and sampled into frames for the image model. */
    private Subject withFrames(Envelope envelope, AssetUploaded asset) {
        ModerationConfig.Video video = config.video();
        java.nio.file.Path copy = null;
        try {
            copy = java.nio.file.Files.createTempFile("upshot-moderation-", ".bin");
            String sha256 = originals.copy(asset.bucket(), asset.objectKey(), copy);
            List<NsfwModeration.Frame> frames = new ArrayList<>();
            for (VideoFrames.Frame frame : VideoFrames.sample(copy, video.frameInterval(), video.maxFrames(),
                    DECODE_SIDE, video.timeout())) {
                frames.add(new NsfwModeration.Frame(frame.seconds(), Images.fit(frame.png(), DECODE_SIDE,
                        config.duplicate().maxPixels())));
            }
            return new Subject(envelope, asset, sha256, null, null, frames);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not sample the video " + asset.objectKey() + ": " + e.getMessage(),
                    e);
        } finally {
            if (copy != null) {
                copy.toFile().delete();
            }
        }
    }

    /**
     * Upright and shrunk on load to {@value #DECODE_SIDE} px: the NSFW model sees 224 px and the pHash 32. Null when
     * the bytes are no image the decoder reads (the exact tier still applies).
     */
    private static BufferedImage decode(byte[] bytes, long maxPixels) {
        try {
            return Images.fit(bytes, DECODE_SIDE, maxPixels);
        } catch (ImageException e) {
            LOG.debugf("original not decoded for moderation: %s", e.getMessage());
            return null;
        }
    }

    private Uni<List<ModerationCompleted>> decideFrom(Subject subject, int position, List<ModerationCompleted> done) {
        List<String> chain = subject.asset().requested().moderation();
        if (position == chain.size() || chain.get(position).equals(AssetUploaded.RequestedWork.MANUAL)) {
            return Uni.createFrom().item(done);
        }
        String kind = chain.get(position);
        String provider = config.aliases().getOrDefault(kind, kind);
        Uni<Decision> decision;
        if (kind.startsWith(DUPLICATE)) {
            decision = duplicates(subject, Double.parseDouble(kind.substring(DUPLICATE.length())));
        } else if (provider.equals(NsfwModeration.KIND) && nsfw.available()) {
            decision = vertx.executeBlocking(Uni.createFrom().item(() -> subject.frames().isEmpty()
                    ? nsfw.moderate(subject.image()) : nsfw.moderateFrames(subject.frames())));
        } else if (provider.equals(HttpModeration.KIND) && http.configured()) {
            decision = vertx.executeBlocking(Uni.createFrom().item(() -> {
                try {
                    return http.moderate(subject, kind);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }));
        } else {
            // the gateway accepted a kind this worker cannot run: a configuration mismatch, not a verdict on the asset
            LOG.errorf("asset %s: moderation kind %s has no provider here (check upshot.moderation.aliases, "
                    + "upshot.moderation.http.url and upshot.moderation.nsfw.models-dir); it stays pending",
                    subject.envelope().assetId(), kind);
            return Uni.createFrom().item(done);
        }
        // by provider, not by kind: duplicate:<threshold> would make a series per threshold
        return WorkMetrics.timed(kind.startsWith(DUPLICATE) ? "duplicate" : provider, decision).chain(d -> {
            done.add(new ModerationCompleted(kind, position, d.status(), d.response(), Instant.now()));
            return d.approved() ? decideFrom(subject, position + 1, done) : Uni.createFrom().item(done);
        });
    }

    /**
     * {@code duplicate:<threshold>}: rejected when an approved asset of the account has the same bytes, or a pHash
     * at least that similar. The response names every match with its similarity.
     */
    private Uni<Decision> duplicates(Subject subject, double threshold) {
        String cloud = subject.envelope().cloud();
        String assetId = subject.envelope().assetId();
        Uni<List<FingerprintIndex.Match>> similar = subject.phash() == null ? Uni.createFrom().item(List.of())
                : index.similar(cloud, assetId, subject.phash(), threshold);
        return index.exact(cloud, assetId, subject.sha256()).chain(exact -> similar.map(near -> {
            List<FingerprintIndex.Match> matches = new ArrayList<>(exact);
            near.stream().filter(m -> exact.stream().noneMatch(e -> e.assetId().equals(m.assetId())))
                    .forEach(matches::add);
            ObjectNode response = EventCodec.mapper().createObjectNode();
            response.put("threshold", threshold);
            if (subject.phash() != null) {
                response.put("phash", PerceptualHash.hex(subject.phash()));
            }
            ArrayNode list = response.putArray("duplicates");
            matches.stream().limit(20).forEach(m -> list.addObject().put("asset_id", m.assetId())
                    .put("public_id", m.publicId()).put("similarity", m.similarity()).put("exact", m.exact()));
            return new Decision(matches.isEmpty(), response);
        }));
    }
}

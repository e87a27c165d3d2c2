package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.TranscriptionCompleted;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.Notice;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Transcription, which always runs after the upload's answer (as Cloudinary's does): the answer shows it pending
 * under {@code info} ({@code info.raw_convert.google_speech}, {@code info.auto_transcription}); the worker's report
 * makes the transcript, SRT and VTT raw assets {@code <public_id>.transcript|srt|vtt}, settles the status
 * ({@code complete}, or {@code failed} with the reason) and sends one {@code info} notification per request to the
 * upload's notification_url and the {@code info} triggers. It never holds the upload's own processing. The raw
 * assets belong to the version of the video they were made from: they go when it is destroyed or overwritten
 * ({@link AssetDeletion}), so no transcript of other sound is ever served as the current one.
 */
@ApplicationScoped
public class Transcripts {
    private static final String ENGINE = "google_speech";
    /** What a transcription writes: the raw assets {@code <public_id>.<extension>}. */
    private static final List<String> EXTENSIONS = List.of("transcript", "srt", "vtt");

    private final Accounts accounts;
    private final Notifications notifications;
    private final URI base;

    public Transcripts(Accounts accounts, Notifications notifications, GatewayConfig gateway,
                       @ConfigProperty(name = "quarkus.http.host") String host,
                       @ConfigProperty(name = "quarkus.http.port") int port) {
        this.accounts = accounts;
        this.notifications = notifications;
        // reports consumed from Kafka have no request to take the base from
        this.base = gateway.publicBaseUrl().orElse(URI.create("http://" + host + ":" + port));
    }

    /**
     * Marks what the upload asked for as pending; call in the upload transaction, before the answer is made.
     *
     * @throws ApiException 400 when the asset has no sound to transcribe (an image or a raw file)
     */
    public static void pending(Asset asset, Map<String, String> transcription) {
        if (transcription.isEmpty()) {
            return;
        }
        if (!asset.resourceType.equals("video")) {
            throw ApiException.badRequest(String.join(" and ", transcription.keySet())
                    + " need a video or audio file, not " + asset.resourceType);
        }
        ObjectNode results = asset.results.deepCopy();
        transcription.keySet().forEach(name -> entry(results, name).put("status", InfoStatus.PENDING.wire()));
        asset.results = results;
    }

    /** The {@code info} entry of one request: {@code raw_convert.google_speech} or {@code auto_transcription}. */
    private static ObjectNode entry(ObjectNode results, String name) {
        ObjectNode info = results.withObject("/info");
        return name.equals(TranscriptionParameters.RAW_CONVERT)
                ? info.withObject("/raw_convert").withObject("/" + ENGINE) : info.withObject("/" + name);
    }

    /**
     * Applies the worker's report (the caller deduplicates by event id). A report about another version of the asset
     * changes nothing: its transcript is of sound no longer there.
     */
    public Uni<Void> completed(Envelope envelope, TranscriptionCompleted report) {
        return Asset.<Asset>findById(envelope.assetId()).chain(asset -> {
            if (asset == null || asset.version != envelope.assetVersion()) {
                return Uni.createFrom().voidItem();
            }
            String status = (report.error() == null ? InfoStatus.COMPLETE : InfoStatus.FAILED).wire();
            ObjectNode results = asset.results.deepCopy();
            report.requested().keySet().forEach(name -> {
                ObjectNode entry = entry(results, name).put("status", status);
                if (report.error() != null) {
                    entry.put("error", report.error());
                }
            });
            asset.results = results;
            asset.updatedAt = Instant.now();
            Uni<Void> stored = Uni.createFrom().voidItem();
            for (TranscriptionCompleted.TranscriptFile file : report.files()) {
                stored = stored.chain(() -> keep(asset, file));
            }
            return stored.chain(() -> notifyAll(asset, report, status));
        });
    }

    /** The file as the raw asset {@code <public_id>.<extension>}, a new version of it when it exists. */
    private Uni<Void> keep(Asset of, TranscriptionCompleted.TranscriptFile file) {
        String publicId = of.publicId + "." + file.extension();
        return Asset.findByPublicId(of.cloud, "raw", of.deliveryType, publicId).chain(existing -> {
            Asset raw = existing != null ? existing : new Asset();
            Instant now = Instant.now();
            if (existing == null) {
                raw.assetId = hexId();
                raw.cloud = of.cloud;
                raw.resourceType = "raw";
                raw.deliveryType = of.deliveryType;
                raw.publicId = publicId;
                raw.createdAt = now;
            }
            raw.version = Math.max(now.getEpochSecond(), raw.version + 1);
            raw.versionId = hexId();
            raw.format = file.extension();
            raw.contentType = file.contentType();
            raw.bytes = file.bytes();
            raw.etag = file.etag();
            raw.objectKey = file.objectKey();
            raw.originalFilename = publicId.substring(publicId.lastIndexOf('/') + 1);
            raw.assetFolder = of.assetFolder;
            raw.tags = new ArrayList<>();
            raw.context = new LinkedHashMap<>();
            raw.metadata = new LinkedHashMap<>();
            raw.awaiting = new ArrayList<>();
            raw.results = EventCodec.mapper().createObjectNode();
            raw.video = EventCodec.mapper().createObjectNode();
            raw.updatedAt = now;
            ModerationChain.start(raw, List.of(), now);
            return existing != null ? Uni.createFrom().voidItem() : raw.persist().replaceWithVoid();
        });
    }

    /**
     * The raw assets made by transcribing these versions of videos, locked: named after a video, with the objects
     * the worker wrote beside its original ({@code <original key>.<extension>}). A raw file a user uploaded under
     * such a name has an object of its own and is not one of them.
     */
    static Uni<List<Asset>> madeFrom(List<Asset> assets) {
        Map<List<String>, List<Asset>> videos = assets.stream().filter(a -> a.resourceType.equals("video"))
                .collect(Collectors.groupingBy(a -> List.of(a.cloud, a.deliveryType)));
        Uni<List<Asset>> found = Uni.createFrom().item(new ArrayList<>());
        for (var group : videos.entrySet()) {
            List<String> names = group.getValue().stream()
                    .flatMap(video -> EXTENSIONS.stream().map(extension -> video.publicId + "." + extension)).toList();
            Set<String> keys = group.getValue().stream().flatMap(video -> objectKeys(video.objectKey).stream())
                    .collect(Collectors.toSet());
            found = found.chain(list -> Asset.locked(group.getKey().get(0), "raw", group.getKey().get(1), names)
                    .map(raws -> {
                        raws.stream().filter(raw -> keys.contains(raw.objectKey)).forEach(list::add);
                        return list;
                    }));
        }
        return found;
    }

    /** The objects a transcription of this original writes (the worker derives them from its key). */
    static List<String> objectKeys(String originalKey) {
        return EXTENSIONS.stream().map(extension -> originalKey + "." + extension).toList();
    }

    /** Cloudinary's add-on notification, one per request: {@code info_kind}, {@code info_status}. */
    private Uni<Void> notifyAll(Asset asset, TranscriptionCompleted report, String status) {
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (String name : report.requested().keySet()) {
            ObjectNode body = EventCodec.mapper().createObjectNode();
            body.put("info_kind", name.equals(TranscriptionParameters.RAW_CONVERT) ? ENGINE : name);
            body.put("info_status", status);
            if (report.error() != null) {
                body.putObject("info_data").put("error", report.error());
            }
            Notifications.identity(body, base, asset);
            sent = sent.chain(() -> notifications.send(accounts.byCloud(asset.cloud), asset,
                    Notice.Type.INFO.wire(), body, Optional.ofNullable(asset.notificationUrl), hexId(),
                    asset.updatedAt));
        }
        return sent;
    }

    private static String hexId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}

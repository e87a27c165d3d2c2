package dev.upshot.transcription.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.TranscriptionCompleted;
import dev.upshot.kit.s3.ObjectStore;
import dev.upshot.transcription.client.TranscriptionClient;
import dev.upshot.video.VideoException;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One asset's transcription: the original is copied from the bucket, transcribed, and the transcript (plus SRT and
 * VTT when asked) written beside it under keys derived from the original's, so a redelivery writes the same objects.
 */
@ApplicationScoped
public class Transcriptions {
    private final ObjectStore storage;
    private final SpeechRecognizer recognizer;

    public Transcriptions(ObjectStore storage, SpeechRecognizer recognizer) {
        this.storage = storage;
        this.recognizer = recognizer;
    }

    /**
     * @return the files written, or the reason there are none (a request the model cannot serve, a file it cannot
     *         read, a decoder past its time limit, an endpoint refusing the request)
     * @throws Exception storage or the endpoint out of reach, the endpoint failing (retried by the consumer)
     */
    public TranscriptionCompleted transcribe(AssetUploaded asset) throws Exception {
        var requested = asset.requested().transcription();
        TranscriptionRequest request = TranscriptionRequest.of(requested);
        Path original = Files.createTempFile("upshot-original-", "." + asset.format());
        try {
            if (request.language().isPresent()) {
                recognizer.checkLanguage(request.language().get());
            }
            Files.delete(original);   // the download refuses to overwrite
            storage.download(asset.bucket(), asset.objectKey(), original);
            List<Segment> segments = recognizer.transcribe(original, request.language());
            List<TranscriptionCompleted.TranscriptFile> files = new ArrayList<>();
            files.add(put(asset, "transcript", json(segments), "application/json"));
            if (request.srt()) {
                files.add(put(asset, "srt", Subtitles.srt(segments), "application/x-subrip"));
            }
            if (request.vtt()) {
                files.add(put(asset, "vtt", Subtitles.vtt(segments), "text/vtt"));
            }
            return new TranscriptionCompleted(requested, null, files);
        } catch (SpeechRecognizer.Unsupported | TranscriptionClient.Refused e) {
            return new TranscriptionCompleted(requested, e.getMessage(), List.of());
        } catch (VideoException e) {
            // a file ffmpeg cannot read, or a decoder past its time limit, fails the same way again: no retry
            return new TranscriptionCompleted(requested, "transcription failed: " + e.getMessage(), List.of());
        } finally {
            Files.deleteIfExists(original);
        }
    }

    private TranscriptionCompleted.TranscriptFile put(AssetUploaded asset, String extension, String text,
                                                      String contentType) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String key = asset.objectKey() + "." + extension;
        storage.put(asset.bucket(), key, bytes, contentType);
        return new TranscriptionCompleted.TranscriptFile(extension, asset.bucket(), key, bytes.length,
                HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)), contentType);
    }

    private static String json(List<Segment> segments) throws JsonProcessingException {
        return EventCodec.mapper().writeValueAsString(segments);
    }
}

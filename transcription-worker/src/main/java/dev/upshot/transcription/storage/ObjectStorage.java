package dev.upshot.transcription.storage;

import dev.upshot.transcription.config.TranscriptionConfig;
import io.minio.DownloadObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;

/** Originals in, transcripts out, through the MinIO client (any S3). Every call blocks. */
@ApplicationScoped
public class ObjectStorage {
    private final MinioClient client;

    public ObjectStorage(TranscriptionConfig config) {
        TranscriptionConfig.S3 s3 = config.s3();
        this.client = MinioClient.builder().endpoint(s3.endpoint().toString())
                .credentials(s3.accessKey(), s3.secretKey()).region(s3.region()).build();
    }

    /** Copies an object to {@code target}, which must not exist. */
    public void download(String bucket, String key, Path target) throws Exception {
        client.downloadObject(DownloadObjectArgs.builder().bucket(bucket).object(key).filename(target.toString())
                .build());
    }

    public void put(String bucket, String key, byte[] bytes, String contentType) throws Exception {
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build());
    }
}

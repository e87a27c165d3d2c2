package dev.upshot.analysis.storage;

import dev.upshot.analysis.config.WorkerConfig;
import io.minio.DownloadObjectArgs;
import io.minio.MinioClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Files;
import java.nio.file.Path;

/** Reads originals from object storage. Blocking: call from a worker thread. */
@ApplicationScoped
public class Originals {
    private final MinioClient client;

    public Originals(WorkerConfig config) {
        WorkerConfig.S3 s3 = config.s3();
        this.client = MinioClient.builder().endpoint(s3.endpoint().toString())
                .credentials(s3.accessKey(), s3.secretKey()).region(s3.region()).build();
    }

    /** Downloads the object to a new temporary file; the caller deletes it. */
    public Path download(String bucket, String key) throws Exception {
        Path file = Files.createTempFile("upshot-analysis-", ".bin");
        try {
            Files.delete(file); // the client refuses to overwrite
            client.downloadObject(DownloadObjectArgs.builder().bucket(bucket).object(key)
                    .filename(file.toString()).build());
            return file;
        } catch (Exception e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }
}

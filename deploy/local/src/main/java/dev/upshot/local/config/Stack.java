package dev.upshot.local.config;

import java.nio.file.Path;

/**
 * Everything one run of the platform is made of: where it lives, its ports and timeouts, the database and S3 store it
 * uses, and how many replicas of each worker run.
 *
 * @param cds         whether Kafka, PostgreSQL and s3proxy use class-data-sharing archives
 * @param pgBinaries  where the embedded PostgreSQL binaries are unpacked (kept between runs)
 */
public record Stack(Repo repo, Home home, Env env, Ports ports, Settings settings, Database db, Storage storage,
                    boolean cds, Path pgBinaries, int replicas) {

    /** Partitions per topic, so that every replica of a consumer group gets at least two. */
    public int partitions() {
        return Math.max(4, 2 * replicas);
    }
}

package dev.upshot.moderation.service;

import dev.upshot.kit.imaging.PerceptualHash;
import dev.upshot.moderation.persistence.Fingerprints;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lookups in the duplicate index, over committed rows on a connection of their own (they run with the rest of the
 * slow work, outside the consumer's transaction). Perceptual matches use multi-index hashing:
 * if two hashes differ in at most d bits, one of their four 16-bit bands differs in at most d/4 bits (pigeonhole),
 * so the candidates are the rows with some band among the few values within that radius, read through the band
 * indexes; each candidate's full distance is then checked. Above {@link #MAX_RADIUS} the value lists grow past the
 * point where an index helps, and the account's hashes are scanned instead.
 */
@ApplicationScoped
public class FingerprintIndex {
    static final int MAX_RADIUS = 3;
    private static final String MATCHABLE = "select asset_id, public_id, phash from fingerprint "
            + "where cloud = $1 and status = 'approved' and asset_id <> $2 ";
    // hashes of another version of the function are not comparable with this one's
    private static final String PERCEPTUAL = MATCHABLE + "and phash_version = " + PerceptualHash.VERSION + " ";

    private final Pool pool;

    public FingerprintIndex(Pool pool) {
        this.pool = pool;
    }

    /** A matched asset. */
    public record Match(String assetId, String publicId, double similarity, boolean exact) {
    }

    /** Approved assets of the account with the same bytes. Reads committed state on its own connection. */
    public Uni<List<Match>> exact(String cloud, String assetId, String sha256) {
        return pool.preparedQuery(MATCHABLE + "and sha256 = $3").execute(Tuple.of(cloud, assetId, sha256))
                .map(rows -> {
                    List<Match> matches = new ArrayList<>();
                    rows.forEach(r -> matches.add(new Match(r.getString(0), r.getString(1), 1.0, true)));
                    return matches;
                });
    }

    /** Approved assets of the account whose pHash similarity (1 − d/64) is at least {@code threshold}, best first. */
    public Uni<List<Match>> similar(String cloud, String assetId, long hash, double threshold) {
        int maxDistance = maxDistance(threshold);
        int radius = maxDistance / 4;
        Uni<RowSet<Row>> candidates = radius > MAX_RADIUS
                ? pool.preparedQuery(PERCEPTUAL).execute(Tuple.of(cloud, assetId))
                : pool.preparedQuery(PERCEPTUAL + "and (band0 = any($3) or band1 = any($4) or band2 = any($5) "
                        + "or band3 = any($6))").execute(Tuple.of(cloud, assetId, near(Fingerprints.band(hash, 0), radius),
                        near(Fingerprints.band(hash, 1), radius), near(Fingerprints.band(hash, 2), radius),
                        near(Fingerprints.band(hash, 3), radius)));
        return candidates.map(rows -> {
            List<Match> matches = new ArrayList<>();
            for (Row row : rows) {
                long other = row.getLong(2);
                if (Long.bitCount(other ^ hash) <= maxDistance) {
                    matches.add(new Match(row.getString(0), row.getString(1), PerceptualHash.similarity(other, hash), false));
                }
            }
            matches.sort(Comparator.comparingDouble(Match::similarity).reversed());
            return matches;
        });
    }

    /** The largest Hamming distance whose similarity still reaches the threshold. */
    static int maxDistance(double threshold) {
        return (int) Math.floor((1.0 - threshold) * 64 + 1e-9);
    }

    /** Every 16-bit value within {@code radius} bits of {@code band}. */
    static Integer[] near(int band, int radius) {
        Set<Integer> values = new TreeSet<>();
        flip(band, radius, 0, values);
        return values.toArray(Integer[]::new);
    }

    private static void flip(int value, int radius, int from, Set<Integer> out) {
        out.add(value);
        if (radius == 0) {
            return;
        }
        for (int bit = from; bit < 16; bit++) {
            flip(value ^ (1 << bit), radius - 1, bit + 1, out);
        }
    }
}

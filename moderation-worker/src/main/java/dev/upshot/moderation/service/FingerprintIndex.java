package dev.upshot.moderation.service;

import dev.upshot.moderation.persistence.Fingerprint;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lookups in the duplicate index, inside the caller's transaction. Perceptual matches use multi-index hashing:
 * if two hashes differ in at most d bits, one of their four 16-bit bands differs in at most d/4 bits (pigeonhole),
 * so the candidates are the rows with some band among the few values within that radius, read through the band
 * indexes; each candidate's full distance is then checked. Above {@link #MAX_RADIUS} the value lists grow past the
 * point where an index helps, and the account's hashes are scanned instead.
 */
@ApplicationScoped
public class FingerprintIndex {
    static final int MAX_RADIUS = 3;

    /** A matched asset. */
    public record Match(String assetId, String publicId, double similarity, boolean exact) {
    }

    /** Approved assets of the account with the same bytes. */
    public Uni<List<Match>> exact(String cloud, String assetId, String sha256) {
        return Fingerprint.<Fingerprint>list("cloud = ?1 and sha256 = ?2 and status = ?3 and assetId <> ?4",
                        cloud, sha256, Fingerprint.APPROVED, assetId)
                .map(rows -> rows.stream().map(r -> new Match(r.assetId, r.publicId, 1.0, true)).toList());
    }

    /** Approved assets of the account whose pHash similarity (1 − d/64) is at least {@code threshold}, best first. */
    public Uni<List<Match>> similar(String cloud, String assetId, long hash, double threshold) {
        int maxDistance = maxDistance(threshold);
        int radius = maxDistance / 4;
        Uni<List<Fingerprint>> candidates = radius > MAX_RADIUS
                ? Fingerprint.list("cloud = ?1 and status = ?2 and assetId <> ?3 and phash is not null",
                cloud, Fingerprint.APPROVED, assetId)
                : Fingerprint.list("cloud = ?1 and status = ?2 and assetId <> ?3 and (band0 in ?4 or band1 in ?5 "
                                + "or band2 in ?6 or band3 in ?7)", cloud, Fingerprint.APPROVED, assetId,
                        near(Fingerprint.band(hash, 0), radius), near(Fingerprint.band(hash, 1), radius),
                        near(Fingerprint.band(hash, 2), radius), near(Fingerprint.band(hash, 3), radius));
        return candidates.map(rows -> {
            List<Match> matches = new ArrayList<>();
            for (Fingerprint row : rows) {
                if (Long.bitCount(row.phash ^ hash) <= maxDistance) {
                    matches.add(new Match(row.assetId, row.publicId, PerceptualHash.similarity(row.phash, hash), false));
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
    static Set<Integer> near(int band, int radius) {
        Set<Integer> values = new TreeSet<>();
        flip(band, radius, 0, values);
        return values;
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

package dev.upshot.moderation.persistence;

import dev.upshot.kit.imaging.PerceptualHash;
import dev.upshot.messaging.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The duplicate index's writes (see V1__fingerprints.sql for the banding, V2 for the hash version), one statement
 * each in the consumer's transaction. One row per asset: its current version.
 */
@ApplicationScoped
public class Fingerprints {
    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";

    /** An overwrite replaces the old version's row. */
    private static final String REMEMBER = """
            insert into fingerprint (asset_id, cloud, public_id, asset_version, sha256, phash, phash_version, band0,
                                     band1, band2, band3, chain_length, status, created_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            on conflict (asset_id) do update set cloud = excluded.cloud, public_id = excluded.public_id,
                asset_version = excluded.asset_version, sha256 = excluded.sha256, phash = excluded.phash,
                phash_version = excluded.phash_version, band0 = excluded.band0, band1 = excluded.band1,
                band2 = excluded.band2, band3 = excluded.band3, chain_length = excluded.chain_length,
                status = excluded.status, created_at = excluded.created_at""";
    /**
     * A decision about the row's version: a rejection rejects it; an approval by the chain's last kind (or one that
     * overrides a rejection) approves it.
     */
    private static final String DECIDED = """
            update fingerprint set status = case when $3 then $5
                                                 when $4 >= chain_length - 1 or status = $5 then $6
                                                 else status end
             where asset_id = $1 and asset_version = $2""";

    private final Transactions transactions;

    public Fingerprints(Transactions transactions) {
        this.transactions = transactions;
    }

    /** @param phash null when the asset is not a decodable image: then only the exact tier applies */
    public Uni<Void> remember(String assetId, String cloud, String publicId, long assetVersion, String sha256,
                              Long phash, int chainLength, String status) {
        return transactions.execute(REMEMBER, assetId, cloud, publicId, assetVersion, sha256, phash,
                phash == null ? null : PerceptualHash.VERSION, band(phash, 0), band(phash, 1), band(phash, 2),
                band(phash, 3), chainLength, status, OffsetDateTime.now(ZoneOffset.UTC)).replaceWithVoid();
    }

    /** A decision of the moderation chain at {@code position} about version {@code assetVersion}. */
    public Uni<Void> decided(String assetId, long assetVersion, boolean rejected, int position) {
        return transactions.execute(DECIDED, assetId, assetVersion, rejected, position, REJECTED, APPROVED)
                .replaceWithVoid();
    }

    public Uni<Void> forget(String assetId) {
        return transactions.execute("delete from fingerprint where asset_id = $1", assetId).replaceWithVoid();
    }

    /** Band i: bits 16i … 16i+15 counted from the most significant, as an unsigned 16-bit value. */
    public static int band(long hash, int i) {
        return (int) ((hash >>> (48 - 16 * i)) & 0xffff);
    }

    private static Integer band(Long hash, int i) {
        return hash == null ? null : band((long) hash, i);
    }
}

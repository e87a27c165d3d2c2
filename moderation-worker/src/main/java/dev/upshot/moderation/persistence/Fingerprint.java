package dev.upshot.moderation.persistence;

import dev.upshot.kit.imaging.PerceptualHash;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An asset in the duplicate index (see V1__fingerprints.sql for the banding, V2 for the hash version). */
@Entity
@Table(name = "fingerprint")
public class Fingerprint extends PanacheEntityBase {
    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";

    @Id
    @Column(name = "asset_id")
    public String assetId;
    public String cloud;
    @Column(name = "public_id")
    public String publicId;
    @Column(name = "asset_version")
    public long assetVersion;
    public String sha256;
    /** Null when the asset is not a decodable image: then only the exact tier applies. */
    public Long phash;
    /** {@link PerceptualHash#VERSION} that computed {@link #phash}; only the current one is matched (V2 migration). */
    @Column(name = "phash_version")
    public Integer phashVersion;
    public Integer band0;
    public Integer band1;
    public Integer band2;
    public Integer band3;
    @Column(name = "chain_length")
    public int chainLength;
    public String status;
    @Column(name = "created_at")
    public Instant createdAt;

    public void hashWith(Long hash) {
        phash = hash;
        phashVersion = hash == null ? null : PerceptualHash.VERSION;
        band0 = hash == null ? null : band(hash, 0);
        band1 = hash == null ? null : band(hash, 1);
        band2 = hash == null ? null : band(hash, 2);
        band3 = hash == null ? null : band(hash, 3);
    }

    /** Band i: bits 16i … 16i+15 counted from the most significant, as an unsigned 16-bit value. */
    public static int band(long hash, int i) {
        return (int) ((hash >>> (48 - 16 * i)) & 0xffff);
    }
}

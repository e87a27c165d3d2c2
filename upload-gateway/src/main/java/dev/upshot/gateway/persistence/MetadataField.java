package dev.upshot.gateway.persistence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A structured metadata field definition; the definition is the Admin API's JSON shape of the field. */
@Entity
@Table(name = "metadata_field")
@IdClass(MetadataField.Key.class)
public class MetadataField extends PanacheEntityBase {
    @Id
    public String cloud;
    @Id
    @Column(name = "external_id")
    public String externalId;
    @Convert(converter = JsonColumns.Document.class)
    public ObjectNode definition;
    @Column(name = "created_at")
    public Instant createdAt;
    /** The place given by {@code PUT metadata_fields/order}; null (never ordered) comes last. */
    public Integer position;

    public static Uni<MetadataField> findById(String cloud, String externalId) {
        return find("cloud = ?1 and externalId = ?2", cloud, externalId).firstResult();
    }

    /** A delete statement, see {@link UploadPreset#deleteByName}; whether a field was deleted. */
    public static Uni<Boolean> deleteField(String cloud, String externalId) {
        return delete("cloud = ?1 and externalId = ?2", cloud, externalId).map(count -> count > 0);
    }

    /** The fields in the account's order. */
    public static Uni<List<MetadataField>> ofCloud(String cloud) {
        return list("cloud = ?1 order by position asc nulls last, createdAt, externalId", cloud);
    }

    /** One field locked for update: concurrent changes of it apply one after the other. */
    public static Uni<MetadataField> locked(String cloud, String externalId) {
        return find("cloud = ?1 and externalId = ?2", cloud, externalId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /**
     * Stores the account's field order in one statement (its fields first locked in external id order, so that two
     * reorders cannot deadlock); text compares as Java compares strings.
     *
     * @param orderBy label, external_id or created_at
     */
    public static Uni<Integer> reorder(String cloud, String orderBy, boolean descending) {
        String key = switch (orderBy) {
            case "label" -> "(cast(definition as jsonb) ->> 'label') collate \"C\"";
            case "external_id" -> "external_id collate \"C\"";
            default -> "created_at";
        };
        String sql = "update metadata_field m set position = o.pos from (select external_id, row_number() over "
                + "(order by " + key + (descending ? " desc" : " asc") + ", external_id collate \"C\") - 1 as pos "
                + "from metadata_field where cloud = :cloud) o where m.cloud = :cloud and m.external_id = o.external_id";
        return find("cloud = ?1 order by externalId", cloud).withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .chain(() -> Panache.getSession())
                .chain(session -> session.createNativeQuery(sql).setParameter("cloud", cloud).executeUpdate());
    }

    /** Composite id; Hibernate wants a mutable class with equals/hashCode here. */
    public static class Key implements Serializable {
        public String cloud;
        public String externalId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(cloud, k.cloud) && Objects.equals(externalId, k.externalId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(cloud, externalId);
        }
    }
}

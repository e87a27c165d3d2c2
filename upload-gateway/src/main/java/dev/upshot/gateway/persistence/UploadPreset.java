package dev.upshot.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Named upload parameters; an unsigned preset is the only way to upload without a signature. */
@Entity
@Table(name = "upload_preset")
@IdClass(UploadPreset.Key.class)
public class UploadPreset extends PanacheEntityBase {
    @Id
    public String cloud;
    @Id
    public String name;
    public boolean unsigned;
    /** Upload parameters as they would be sent, e.g. {@code tags -> "a,b"}. */
    @Convert(converter = JsonColumns.StringMap.class)
    public Map<String, String> settings = new LinkedHashMap<>();

    public static Uni<UploadPreset> findByName(String cloud, String name) {
        return find("cloud = ?1 and name = ?2", cloud, name).firstResult();
    }

    /**
     * A delete statement, as every row deletion: entity removal is refused (see {@link NoEntityRemoval}).
     *
     * @return whether a preset was deleted
     */
    public static Uni<Boolean> deleteByName(String cloud, String name) {
        return delete("cloud = ?1 and name = ?2", cloud, name).map(count -> count > 0);
    }

    /** Composite id; Hibernate wants a mutable class with equals/hashCode here. */
    public static class Key implements Serializable {
        public String cloud;
        public String name;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(cloud, k.cloud) && Objects.equals(name, k.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(cloud, name);
        }
    }
}

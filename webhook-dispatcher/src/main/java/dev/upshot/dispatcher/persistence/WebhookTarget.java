package dev.upshot.dispatcher.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A target that has failed at least once: since when it fails, and whether it is disabled. Read-only here. */
@Entity
@Table(name = "webhook_target")
@IdClass(WebhookTarget.Key.class)
public class WebhookTarget extends PanacheEntityBase {
    @Id
    public String cloud;

    @Id
    public String target;

    /** ACTIVE or DISABLED. */
    public String state;

    @Column(name = "failing_since")
    public Instant failingSince;

    @Column(name = "disabled_at")
    public Instant disabledAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The composite primary key; Hibernate wants a mutable class with equals and hashCode. */
    public static class Key implements Serializable {
        public String cloud;
        public String target;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(cloud, key.cloud) && Objects.equals(target, key.target);
        }

        @Override
        public int hashCode() {
            return Objects.hash(cloud, target);
        }
    }
}

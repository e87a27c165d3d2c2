package dev.upshot.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** A global notification URL for one event type of one account. */
@Entity
@Table(name = "notification_trigger")
public class NotificationTrigger extends PanacheEntityBase {
    @Id
    public String id;
    public String cloud;
    public String uri;
    @Column(name = "uri_type")
    public String uriType;
    @Column(name = "event_type")
    public String eventType;
    /** cloudinary (X-Cld-Signature only) or standard (Standard Webhooks headers too). */
    @Column(name = "signature_scheme")
    public String signatureScheme;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** A delete statement, see {@link UploadPreset#deleteByName}; whether a trigger was deleted. */
    public static Uni<Boolean> deleteTrigger(String cloud, String id) {
        return delete("cloud = ?1 and id = ?2", cloud, id).map(count -> count > 0);
    }

    public static Uni<List<NotificationTrigger>> forEvent(String cloud, String eventType) {
        return list("cloud = ?1 and eventType = ?2 order by createdAt", cloud, eventType);
    }
}

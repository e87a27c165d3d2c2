package dev.upshot.gateway.persistence;

import jakarta.persistence.PreRemove;

/**
 * Refuses every entity removal ({@code entity.delete()}, {@code deleteById}, {@code session.remove}), for every entity
 * (the default listener of {@code META-INF/orm.xml}). Hibernate Reactive (3.2) runs a removal through the entity
 * persister's one {@code ReactiveDeleteCoordinator}, which keeps the removal in flight in a field shared by all
 * sessions (hibernate-reactive#1713): two concurrent removals from one table overwrite each other's future, one
 * request's session is resumed on the other's event loop (HR000069, then HR000090 and a 500) and the other is never
 * answered. Delete statements ({@code Entity.delete("…", …)}) have no shared state; a removal fails here at once,
 * in the first test that reaches it, not under load.
 */
public class NoEntityRemoval {
    @PreRemove
    void refuse(Object entity) {
        throw new IllegalStateException("Entity removal of " + entity.getClass().getSimpleName()
                + " is not concurrency-safe in Hibernate Reactive (hibernate-reactive#1713): delete by statement");
    }
}

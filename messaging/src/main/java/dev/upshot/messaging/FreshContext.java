package dev.upshot.messaging;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Runs a unit of database work on its own Vert.x duplicated context. Hibernate Reactive keeps the current session in
 * the context, so work started from a scheduler thread or an HTTP callback, or several units running side by side,
 * each need a fresh one.
 */
@ApplicationScoped
public class FreshContext {
    private final Vertx vertx;

    public FreshContext(Vertx vertx) {
        this.vertx = vertx;
    }

    public <T> Uni<T> run(Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> Uni.createFrom().<T>deferred(work)
                    .subscribe().with(emitter::complete, emitter::fail));
        });
    }
}

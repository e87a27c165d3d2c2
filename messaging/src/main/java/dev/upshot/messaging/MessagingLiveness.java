package dev.upshot.messaging;

import io.netty.util.concurrent.EventExecutor;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Liveness that a restart can cure: every Vert.x event loop runs a probe task within
 * {@code messaging.ops.event-loop-blocked-after}, and the outbox relay has finished a pass (well or not) within
 * {@code messaging.outbox.stuck-after} while rows wait. A broker that is away is not a liveness failure (the relay
 * still finishes its passes, failing): it shows in readiness, and restarting would not bring it back.
 * Checked only when asked (by the supervisor or Kubernetes), so an idle service stays idle.
 */
@Liveness
@ApplicationScoped
public class MessagingLiveness implements AsyncHealthCheck {
    private final Vertx vertx;
    private final OutboxRelay relay;
    private final Duration blockedAfter;
    private final Duration stuckAfter;

    public MessagingLiveness(Vertx vertx, OutboxRelay relay, MessagingConfig config) {
        this.vertx = vertx;
        this.relay = relay;
        this.blockedAfter = config.ops().eventLoopBlockedAfter();
        this.stuckAfter = config.outbox().stuckAfter();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<Uni<Boolean>> probes = new ArrayList<>();
        for (EventExecutor loop : ((VertxInternal) vertx).getEventLoopGroup()) {
            probes.add(Uni.createFrom().<Boolean>emitter(emitter -> loop.execute(() -> emitter.complete(true)))
                    .ifNoItem().after(blockedAfter).recoverWithItem(false));
        }
        Duration sincePass = Duration.between(relay.lastPass(), Instant.now());
        boolean relayStuck = relay.backlog() > 0 && sincePass.compareTo(stuckAfter) > 0;
        return Uni.join().all(probes).andFailFast().map(answers -> {
            long blocked = answers.stream().filter(answered -> !answered).count();
            return HealthCheckResponse.named("upshot-messaging")
                    .status(blocked == 0 && !relayStuck)
                    .withData("event-loops", answers.size())
                    .withData("event-loops-blocked", blocked)
                    .withData("outbox-backlog", relay.backlog())
                    .withData("outbox-last-pass-seconds-ago", sincePass.toSeconds())
                    .build();
        });
    }
}

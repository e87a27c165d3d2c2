package dev.upshot.gateway.service;

import dev.upshot.contracts.OnSuccessCompleted;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.AwaitedWork;
import dev.upshot.gateway.persistence.OnSuccessStatus;

import java.util.List;

/**
 * The asset's processing after a call, as a state machine: awaited work ({@link ProcessingTransition.Await}) →
 * on_success PENDING → SUCCEEDED | FAILED, or straight to the notification without on_success. It only decides;
 * {@link AssetProcessing} applies the transition in the transaction of the change and writes its events. Reports
 * arrive at least once and late, so any that does not match the asset's state is {@link ProcessingTransition.Ignored}.
 */
public final class ProcessingPolicy {
    private ProcessingPolicy() {
    }

    /** A call's work is accepted, its awaited work already named: with none, the asset is processed at once. */
    public static ProcessingTransition accepted(Asset asset) {
        return asset.awaiting.isEmpty() ? processed(asset) : new ProcessingTransition.Await(asset.awaiting);
    }

    /** Awaited {@code work} has finished for {@code version} of the asset (null: the asset is gone). */
    public static ProcessingTransition workCompleted(Asset asset, long version, AwaitedWork work) {
        if (asset == null || asset.version != version) {
            return new ProcessingTransition.Ignored("the report is about another version");
        }
        if (!asset.awaiting.contains(work)) {
            return new ProcessingTransition.Ignored(work.wire() + " is not awaited");
        }
        List<AwaitedWork> rest = asset.awaiting.stream().filter(w -> w != work).toList();
        return rest.isEmpty() ? processed(asset) : new ProcessingTransition.Await(rest);
    }

    /** The on_success runner's outcome for {@code version} of the asset (null: the asset is gone). */
    public static ProcessingTransition onSuccessCompleted(Asset asset, long version, OnSuccessCompleted outcome) {
        if (asset == null || asset.version != version) {
            return new ProcessingTransition.Ignored("the outcome is about another version");
        }
        if (asset.onSuccessStatus != OnSuccessStatus.PENDING) {
            return new ProcessingTransition.Ignored("on_success is not running");
        }
        if (!outcome.succeeded()) {
            return new ProcessingTransition.Settle(OnSuccessStatus.FAILED, outcome.error());
        }
        return outcome.update() == null ? new ProcessingTransition.Settle(OnSuccessStatus.SUCCEEDED, null)
                : new ProcessingTransition.ApplyUpdate(outcome.update());
    }

    private static ProcessingTransition processed(Asset asset) {
        return asset.onSuccess == null ? new ProcessingTransition.Notify() : new ProcessingTransition.RunOnSuccess();
    }
}

package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.OnSuccessCompleted;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.AwaitedWork;
import dev.upshot.gateway.persistence.OnSuccessStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static dev.upshot.gateway.persistence.AwaitedWork.ANALYSIS;
import static dev.upshot.gateway.persistence.AwaitedWork.EAGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessingPolicyTest {
    private static final long VERSION = 1_700_000_000L;
    private static final ObjectNode UPDATE = EventCodec.mapper().createObjectNode().put("tags", "x");

    private static Asset asset(String onSuccess, OnSuccessStatus status, AwaitedWork... awaiting) {
        Asset asset = new Asset();
        asset.version = VERSION;
        asset.onSuccess = onSuccess;
        asset.onSuccessStatus = status;
        asset.awaiting = new ArrayList<>(List.of(awaiting));
        return asset;
    }

    @Test
    void nothingAwaitedAndNoScriptNotifiesAtOnce() {
        assertInstanceOf(ProcessingTransition.Notify.class, ProcessingPolicy.accepted(asset(null, null)));
    }

    @Test
    void nothingAwaitedRunsTheScriptAtOnce() {
        assertInstanceOf(ProcessingTransition.RunOnSuccess.class, ProcessingPolicy.accepted(asset("s", null)));
    }

    @Test
    void awaitedWorkHoldsTheAsset() {
        Asset asset = asset("s", null, ANALYSIS, EAGER);
        assertEquals(new ProcessingTransition.Await(List.of(ANALYSIS, EAGER)), ProcessingPolicy.accepted(asset));
        assertTrue(asset.processing());
    }

    @Test
    void workBeforeTheLastLeavesTheRestAwaited() {
        assertEquals(new ProcessingTransition.Await(List.of(EAGER)),
                ProcessingPolicy.workCompleted(asset(null, null, ANALYSIS, EAGER), VERSION, ANALYSIS));
    }

    @Test
    void theLastWorkMovesTheAssetOn() {
        assertInstanceOf(ProcessingTransition.Notify.class,
                ProcessingPolicy.workCompleted(asset(null, null, EAGER), VERSION, EAGER));
        assertInstanceOf(ProcessingTransition.RunOnSuccess.class,
                ProcessingPolicy.workCompleted(asset("s", null, ANALYSIS), VERSION, ANALYSIS));
    }

    @Test
    void aReportOfWorkNotAwaitedIsIgnored() {
        // a duplicate after the asset moved on, and work another call asked for
        assertInstanceOf(ProcessingTransition.Ignored.class,
                ProcessingPolicy.workCompleted(asset(null, null), VERSION, ANALYSIS));
        assertInstanceOf(ProcessingTransition.Ignored.class,
                ProcessingPolicy.workCompleted(asset("s", OnSuccessStatus.SUCCEEDED, EAGER), VERSION, ANALYSIS));
    }

    @Test
    void aReportAboutAnotherVersionOrAGoneAssetIsIgnored() {
        assertInstanceOf(ProcessingTransition.Ignored.class,
                ProcessingPolicy.workCompleted(asset(null, null, ANALYSIS), VERSION - 1, ANALYSIS));
        assertInstanceOf(ProcessingTransition.Ignored.class, ProcessingPolicy.workCompleted(null, VERSION, ANALYSIS));
        assertInstanceOf(ProcessingTransition.Ignored.class, ProcessingPolicy.onSuccessCompleted(
                asset("s", OnSuccessStatus.PENDING), VERSION + 1, OnSuccessCompleted.success(null)));
        assertInstanceOf(ProcessingTransition.Ignored.class,
                ProcessingPolicy.onSuccessCompleted(null, VERSION, OnSuccessCompleted.success(null)));
    }

    @Test
    void aFailedScriptSettlesAsFailedWithItsError() {
        assertEquals(new ProcessingTransition.Settle(OnSuccessStatus.FAILED, "1:5 boom"),
                ProcessingPolicy.onSuccessCompleted(asset("s", OnSuccessStatus.PENDING), VERSION,
                        OnSuccessCompleted.failure("1:5 boom")));
    }

    @Test
    void aScriptWithoutUpdateSucceeds() {
        assertEquals(new ProcessingTransition.Settle(OnSuccessStatus.SUCCEEDED, null),
                ProcessingPolicy.onSuccessCompleted(asset("s", OnSuccessStatus.PENDING), VERSION,
                        OnSuccessCompleted.success(null)));
    }

    @Test
    void anUpdateIsAppliedThenSettles() {
        var apply = assertInstanceOf(ProcessingTransition.ApplyUpdate.class, ProcessingPolicy.onSuccessCompleted(
                asset("s", OnSuccessStatus.PENDING), VERSION, OnSuccessCompleted.success(UPDATE)));
        assertEquals(UPDATE, apply.update());
        assertEquals(new ProcessingTransition.Settle(OnSuccessStatus.SUCCEEDED, null), apply.applied());
        assertEquals(new ProcessingTransition.Settle(OnSuccessStatus.FAILED, "Update refused: tags must be a list"),
                apply.refused("tags must be a list"));
    }

    @ParameterizedTest
    @EnumSource(value = OnSuccessStatus.class, names = {"SUCCEEDED", "FAILED"})
    void anOutcomeAfterTheScriptSettledIsIgnored(OnSuccessStatus settled) {
        Asset asset = asset("s", settled);
        assertFalse(asset.processing());
        assertInstanceOf(ProcessingTransition.Ignored.class,
                ProcessingPolicy.onSuccessCompleted(asset, VERSION, OnSuccessCompleted.failure("late")));
    }

    @Test
    void anOutcomeWithoutAScriptRunningIsIgnored() {
        // the runner's outcome for an asset whose script has not been handed over yet, or has none
        assertInstanceOf(ProcessingTransition.Ignored.class, ProcessingPolicy.onSuccessCompleted(
                asset("s", null, ANALYSIS), VERSION, OnSuccessCompleted.success(null)));
    }

    @Test
    void onSuccessNeverSettlesAsPending() {
        assertThrows(IllegalArgumentException.class,
                () -> new ProcessingTransition.Settle(OnSuccessStatus.PENDING, null));
    }
}

package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.ModerationCompleted;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.ModerationEntry;
import dev.upshot.gateway.persistence.ModerationStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static dev.upshot.gateway.persistence.ModerationStatus.ABORTED;
import static dev.upshot.gateway.persistence.ModerationStatus.APPROVED;
import static dev.upshot.gateway.persistence.ModerationStatus.PENDING;
import static dev.upshot.gateway.persistence.ModerationStatus.QUEUED;
import static dev.upshot.gateway.persistence.ModerationStatus.REJECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModerationPolicyTest {
    private static final long VERSION = 1_700_000_000L;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final List<String> CHAIN = List.of("upshot_nsfw", "duplicate:0.9", "manual");

    private static Asset asset(List<ModerationEntry> chain) {
        Asset asset = new Asset();
        asset.version = VERSION;
        asset.moderation = chain;
        return asset;
    }

    private static ModerationCompleted decision(int position, String status) {
        return new ModerationCompleted(CHAIN.get(position), position, status,
                EventCodec.mapper().createObjectNode().put("score", 0.1), T1);
    }

    private static List<ModerationStatus> statuses(ModerationTransition transition) {
        return assertInstanceOf(ModerationTransition.Decided.class, transition).chain().stream()
                .map(ModerationEntry::status).toList();
    }

    private static List<ModerationEntry> chain(ModerationStatus... statuses) {
        return IntStream.range(0, statuses.length)
                .mapToObj(i -> new ModerationEntry(CHAIN.get(i), statuses[i], null, T0)).toList();
    }

    @Test
    void aChainStartsWithItsFirstEntryPending() {
        List<ModerationEntry> chain = ModerationPolicy.start(CHAIN, T0);
        assertEquals(List.of(PENDING, QUEUED, QUEUED), chain.stream().map(ModerationEntry::status).toList());
        assertEquals(0, ModerationPolicy.current(chain));
    }

    @Test
    void anApprovalMakesTheNextEntryPending() {
        var decided = ModerationPolicy.automated(asset(ModerationPolicy.start(CHAIN, T0)), VERSION,
                decision(0, "approved"));
        assertEquals(List.of(APPROVED, PENDING, QUEUED), statuses(decided));
        ModerationTransition.Decided d = (ModerationTransition.Decided) decided;
        assertEquals(0, d.position());
        assertEquals(0.1, d.entry().response().path("score").asDouble());
        assertEquals(T1, d.entry().updatedAt());
        assertEquals(1, ModerationPolicy.current(d.chain()));
    }

    @Test
    void aRejectionAbortsEveryEntryStillWaiting() {
        var decided = ModerationPolicy.automated(asset(chain(APPROVED, PENDING, QUEUED)), VERSION,
                decision(1, "rejected"));
        assertEquals(List.of(APPROVED, REJECTED, ABORTED), statuses(decided));
        List<ModerationEntry> chain = ((ModerationTransition.Decided) decided).chain();
        assertNull(chain.get(2).response());
        assertEquals(1, ModerationPolicy.current(chain), "the last decided entry is current once none is pending");
    }

    @Test
    void theLastApprovalLeavesNothingPending() {
        var decided = ModerationPolicy.automated(asset(chain(APPROVED, PENDING)), VERSION, decision(1, "approved"));
        assertEquals(List.of(APPROVED, APPROVED), statuses(decided));
        assertEquals(1, ModerationPolicy.current(((ModerationTransition.Decided) decided).chain()));
    }

    @ParameterizedTest
    @EnumSource(value = ModerationStatus.class, names = {"QUEUED", "APPROVED", "REJECTED", "ABORTED"})
    void theWorkerDecidesOnlyAPendingEntry(ModerationStatus status) {
        // a late or duplicate report, or one a manual decision came before
        assertInstanceOf(ModerationTransition.Ignored.class,
                ModerationPolicy.automated(asset(chain(status, QUEUED)), VERSION, decision(0, "rejected")));
    }

    @Test
    void aDecisionAboutAnotherVersionOrEntryIsIgnored() {
        Asset asset = asset(ModerationPolicy.start(CHAIN, T0));
        assertInstanceOf(ModerationTransition.Ignored.class,
                ModerationPolicy.automated(asset, VERSION - 1, decision(0, "approved")));
        assertInstanceOf(ModerationTransition.Ignored.class,
                ModerationPolicy.automated(null, VERSION, decision(0, "approved")));
        assertInstanceOf(ModerationTransition.Ignored.class, ModerationPolicy.automated(asset, VERSION,
                new ModerationCompleted("aws_rek", 0, "approved", null, T1)), "another kind at that position");
        assertInstanceOf(ModerationTransition.Ignored.class, ModerationPolicy.automated(
                asset(chain(PENDING)), VERSION, decision(2, "approved")), "beyond the chain");
    }

    @Test
    void aManualDecisionSettlesThePendingEntry() {
        ObjectNode manual = EventCodec.mapper().createObjectNode().put("decided_by", "manual");
        var decided = ModerationPolicy.manual(chain(APPROVED, APPROVED, PENDING), APPROVED, manual, T1);
        assertEquals(List.of(APPROVED, APPROVED, APPROVED), statuses(decided));
        assertEquals(2, ((ModerationTransition.Decided) decided).position());
    }

    @Test
    void aManualDecisionOverridesTheLastDecidedEntry() {
        var overridden = ModerationPolicy.manual(chain(APPROVED, REJECTED, ABORTED), APPROVED, null, T1);
        // the entries the rejection aborted stay aborted
        assertEquals(List.of(APPROVED, APPROVED, ABORTED), statuses(overridden));
        assertEquals(1, ((ModerationTransition.Decided) overridden).position());
        assertEquals(List.of(REJECTED, ABORTED, ABORTED),
                statuses(ModerationPolicy.manual(chain(APPROVED, QUEUED, QUEUED), REJECTED, null, T1)));
    }

    @Test
    void aManualDecisionOnAnAssetWithoutChainMakesAManualEntry() {
        var decided = assertInstanceOf(ModerationTransition.Decided.class,
                ModerationPolicy.manual(List.of(), REJECTED, null, T1));
        assertEquals(List.of(new ModerationEntry(ModerationPolicy.MANUAL, REJECTED, null, T1)), decided.chain());
    }

    @Test
    void decidingWhatIsDecidedAlreadyChangesNothing() {
        assertInstanceOf(ModerationTransition.Ignored.class,
                ModerationPolicy.manual(chain(APPROVED, REJECTED, ABORTED), REJECTED, null, T1));
    }

    @ParameterizedTest
    @EnumSource(value = ModerationStatus.class, names = {"QUEUED", "PENDING", "ABORTED"})
    void onlyApprovalAndRejectionAreDecisions(ModerationStatus status) {
        assertThrows(IllegalArgumentException.class,
                () -> ModerationPolicy.manual(chain(PENDING), status, null, T1));
        assertEquals(Optional.empty(), ModerationStatus.decision(status.wire()));
    }
}

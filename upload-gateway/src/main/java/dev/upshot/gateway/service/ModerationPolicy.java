package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.ModerationCompleted;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.ModerationEntry;
import dev.upshot.gateway.persistence.ModerationStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The moderation chain as a state machine: the first entry PENDING, the rest QUEUED; an approval makes the next
 * entry PENDING, a rejection ABORTS the entries still waiting. The worker's decisions settle the pending entry only
 * (they arrive at least once, and after a manual decision may have come first); a manual one settles it too, or
 * overrides the last decided entry. It only decides; {@link ModerationChain} applies and notifies.
 */
public final class ModerationPolicy {
    /** The kind of a chain's human review, always its last. */
    public static final String MANUAL = "manual";

    private ModerationPolicy() {
    }

    /** A new version's chain (an overwrite replaces the old one). */
    public static List<ModerationEntry> start(List<String> kinds, Instant now) {
        List<ModerationEntry> entries = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            entries.add(new ModerationEntry(kinds.get(i), i == 0 ? ModerationStatus.PENDING : ModerationStatus.QUEUED,
                    null, now));
        }
        return entries;
    }

    /** The position of the chain's current entry: the pending one, else the last decided (0 when none is). */
    public static int current(List<ModerationEntry> chain) {
        int last = 0;
        for (int i = 0; i < chain.size(); i++) {
            ModerationStatus status = chain.get(i).status();
            if (status == ModerationStatus.PENDING) {
                return i;
            }
            if (status.isDecision()) {
                last = i;
            }
        }
        return last;
    }

    /** A decision the worker reported for {@code version} of the asset (null: the asset is gone). */
    public static ModerationTransition automated(Asset asset, long version, ModerationCompleted decision) {
        if (asset == null || asset.version != version) {
            return new ModerationTransition.Ignored("the decision is about another version");
        }
        int position = decision.position();
        if (position >= asset.moderation.size() || !asset.moderation.get(position).kind().equals(decision.kind())) {
            return new ModerationTransition.Ignored("the chain has no " + decision.kind() + " at " + position);
        }
        ModerationStatus status = asset.moderation.get(position).status();
        if (status != ModerationStatus.PENDING) {
            return new ModerationTransition.Ignored(decision.kind() + " is " + status.wire() + ", not pending");
        }
        return decide(asset.moderation, position, ModerationStatus.decision(decision.status()).orElseThrow(),
                decision.response(), decision.updatedAt());
    }

    /**
     * A manual decision: it settles the pending entry, or overrides the last decided one; a chain that does not
     * exist yet becomes a {@code manual} entry. Deciding what is already decided changes nothing.
     *
     * @param status approved or rejected
     */
    public static ModerationTransition manual(List<ModerationEntry> chain, ModerationStatus status,
                                              ObjectNode response, Instant at) {
        if (!status.isDecision()) {
            throw new IllegalArgumentException("a decision is approved or rejected, not " + status.wire());
        }
        List<ModerationEntry> entries = chain.isEmpty() ? start(List.of(MANUAL), at) : chain;
        int position = current(entries);
        if (entries.get(position).status() == status) {
            return new ModerationTransition.Ignored(entries.get(position).kind() + " is " + status.wire() + " already");
        }
        return decide(entries, position, status, response, at);
    }

    private static ModerationTransition decide(List<ModerationEntry> chain, int position, ModerationStatus status,
                                               ObjectNode response, Instant at) {
        List<ModerationEntry> entries = new ArrayList<>(chain);
        entries.set(position, entries.get(position).with(status, response, at));
        for (int i = position + 1; i < entries.size(); i++) {
            ModerationEntry next = entries.get(i);
            if (status == ModerationStatus.REJECTED && next.status().isWaiting()) {
                entries.set(i, next.with(ModerationStatus.ABORTED, null, at));
            } else if (i == position + 1 && next.status() == ModerationStatus.QUEUED) {
                entries.set(i, next.with(ModerationStatus.PENDING, null, at));
            }
        }
        return new ModerationTransition.Decided(entries, position);
    }
}

package dev.upshot.gateway.service;

import dev.upshot.gateway.persistence.ModerationEntry;

import java.util.List;

/** What a decision does to a moderation chain ({@link ModerationPolicy}). */
public sealed interface ModerationTransition {

    /** The decision does not apply (another version's, an entry no longer pending, already so): no change. */
    record Ignored(String why) implements ModerationTransition {
    }

    /** The entry at {@code position} is decided; {@code chain} is the whole chain after it. */
    record Decided(List<ModerationEntry> chain, int position) implements ModerationTransition {
        public Decided {
            chain = List.copyOf(chain);
        }

        public ModerationEntry entry() {
            return chain.get(position);
        }
    }
}

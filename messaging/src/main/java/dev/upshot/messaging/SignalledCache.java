package dev.upshot.messaging;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Reads of rarely changed rows (triggers, field definitions) that a hot path would otherwise repeat on every request,
 * kept in memory by key. A commit that changes the rows drops them on every replica ({@code NOTIFY
 * <channel>_<schema>} from the table's statement trigger, through {@link CommitSignals}); they are read again after
 * {@code ttl} in any case, which bounds their age while the LISTEN connection is away.
 */
public final class SignalledCache<V> {
    private record Entry<V>(V value, long readAt) {
    }

    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
    /** Bumped by every change: a read that started before one is not kept. */
    private final AtomicLong generation = new AtomicLong();
    private final long ttlNanos;

    public SignalledCache(CommitSignals signals, String channel, Duration ttl) {
        this.ttlNanos = ttl.toNanos();
        signals.listen(channel, ignored -> invalidate());
    }

    /** The value kept for {@code key}, or what {@code read} answers (kept unless the rows changed meanwhile). */
    public Uni<V> get(String key, Supplier<Uni<V>> read) {
        Entry<V> known = entries.get(key);
        long now = System.nanoTime();
        if (known != null && now - known.readAt() < ttlNanos) {
            return Uni.createFrom().item(known.value());
        }
        long seen = generation.get();
        return read.get().invoke(value -> {
            if (generation.get() == seen) {
                entries.put(key, new Entry<>(value, now));
            }
        });
    }

    /** Drops everything; a replica calls it after its own change commits rather than wait for the signal. */
    public void invalidate() {
        generation.incrementAndGet();
        entries.clear();
    }
}

package dev.coffer.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refusals of callers nobody knows (no token, a bad token, a wrong password), counted in memory
 * and written as one audit row per remote address, action and status each time
 * {@link Audit#flushTally} runs (every minute on a server). Anyone on the network can send such
 * requests, so one synced row each would let them grow the log and the disk at the speed of their
 * connection; counted, they cost a map entry. The map is bounded: past {@link #MAX_KEYS} distinct
 * keys, further addresses are counted together under {@link #MANY_ADDRESSES}.
 */
final class AnonymousTally {
    static final int MAX_KEYS = 10_000;
    static final String MANY_ADDRESSES = "(many addresses)";

    record Key(String action, Outcome outcome, String remoteAddr, String detail) {}

    record Count(long n, long first, long last) {
        Count plus(Count other) {
            return new Count(n + other.n, Math.min(first, other.first), Math.max(last, other.last));
        }
    }

    private final ConcurrentHashMap<Key, Count> counts = new ConcurrentHashMap<>();

    void add(String action, Outcome outcome, String remoteAddr, String detail, long at) {
        Key key = new Key(action, outcome, remoteAddr, detail);
        if (counts.size() >= MAX_KEYS && !counts.containsKey(key))
            key = new Key(action, outcome, MANY_ADDRESSES, detail);
        counts.merge(key, new Count(1, at, at), Count::plus);
    }

    /** Takes every count out of the tally (counts added meanwhile stay for the next flush) as events to record. */
    List<AuditEvent> drain() {
        List<AuditEvent> events = new ArrayList<>();
        for (Key key : List.copyOf(counts.keySet())) {
            Count c = counts.remove(key);
            if (c == null) continue;
            events.add(new AuditEvent(
                    Actor.ANONYMOUS,
                    null,
                    key.action(),
                    "(" + c.n() + " requests)",
                    key.outcome(),
                    key.remoteAddr(),
                    key.detail() + " x" + c.n() + " from " + Instant.ofEpochMilli(c.first()) + " to "
                            + Instant.ofEpochMilli(c.last())));
        }
        return events;
    }

    int size() {
        return counts.size();
    }
}

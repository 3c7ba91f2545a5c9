package dev.coffer.usage;

import java.util.Map;
import java.util.TreeMap;

/**
 * The content references a change adds (positive) or removes (negative) for one team, gathered
 * while the change runs and applied once, at its end, by {@link TeamUsage#apply}.
 */
public final class UsageDelta {
    private final long teamId;
    private final TreeMap<Long, Long> contents = new TreeMap<>();

    public UsageDelta(long teamId) {
        this.teamId = teamId;
    }

    public long teamId() {
        return teamId;
    }

    public UsageDelta add(long contentId, long references) {
        if (references != 0) contents.merge(contentId, references, Long::sum);
        return this;
    }

    public UsageDelta add(Long contentId) {
        return contentId == null ? this : add(contentId, 1);
    }

    public UsageDelta remove(Long contentId) {
        return contentId == null ? this : add(contentId, -1);
    }

    /** Content id → change in reference count, in id order (so concurrent writers lock rows alike). */
    Map<Long, Long> contents() {
        contents.values().removeIf(v -> v == 0);
        return contents;
    }

    public boolean isEmpty() {
        return contents().isEmpty();
    }
}

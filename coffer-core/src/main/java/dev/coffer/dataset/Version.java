package dev.coffer.dataset;

import java.util.List;

/**
 * One version of a dataset. A draft has no digest, file count or size yet; a committed version
 * has them all and never changes. {@code digest} is the hash of its root tree: two versions with
 * the same digest hold exactly the same files.
 */
public record Version(
        long id,
        DatasetId datasetId,
        String dataset,
        long number,
        State state,
        Long parentNumber,
        String digest,
        Long fileCount,
        Long size,
        Long newBytes,
        String message,
        Long createdBy,
        long createdAt,
        Long committedAt,
        List<String> tags) {
    public enum State {
        DRAFT("draft"),
        COMMITTED("committed");

        public final String code;

        State(String code) {
            this.code = code;
        }

        static State of(String code) {
            for (State s : values()) if (s.code.equals(code)) return s;
            throw new IllegalStateException("unknown version state " + code);
        }
    }

    public Version {
        tags = List.copyOf(tags);
    }

    public boolean committed() {
        return state == State.COMMITTED;
    }

    /** "version 3 of 'cats'", for messages. */
    public String label() {
        return "version " + number + " of '" + dataset + "'";
    }
}

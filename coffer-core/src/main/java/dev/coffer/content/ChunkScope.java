package dev.coffer.content;

/**
 * Whose chunks a question or an upload is about: one team's, or the public datasets' (which
 * operators write). Deduplication stores bytes once for everybody, but possession is per scope:
 * a scope may name a chunk in a manifest only when it holds the chunk already or sent its bytes
 * (see {@link Possession}).
 *
 * @param id the team's id, or {@code 0} for the public datasets
 */
public record ChunkScope(long id) {
    public static final ChunkScope PUBLIC = new ChunkScope(0);

    public ChunkScope {
        if (id < 0) throw new IllegalArgumentException("a scope id is a team id or 0, got " + id);
    }

    public static ChunkScope team(long teamId) {
        if (teamId <= 0) throw new IllegalArgumentException("a team id is positive, got " + teamId);
        return new ChunkScope(teamId);
    }

    /** The scope of a dataset: its team's, or {@link #PUBLIC} for a public dataset (no team). */
    public static ChunkScope ofDataset(Long teamId) {
        return teamId == null ? PUBLIC : team(teamId);
    }

    public boolean isPublic() {
        return id == 0;
    }
}

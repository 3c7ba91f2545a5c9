package dev.coffer.volume;

/**
 * A volume: the unit of naming, access and accounting. {@code storage} volumes belong to a team
 * on one cluster ({@code /storage}); {@code notebook} volumes to one notebook ({@code /notebooks}).
 */
public record Volume(long id, Kind kind, long teamId, Long clusterId, Long notebookId) {
    public enum Kind {
        STORAGE("storage"),
        NOTEBOOK("notebook");

        public final String code;

        Kind(String code) {
            this.code = code;
        }

        public static Kind of(String code) {
            for (Kind k : values()) if (k.code.equals(code)) return k;
            throw new IllegalArgumentException("unknown volume kind " + code);
        }
    }

    /** Top-level names a volume of this kind refuses to create. */
    public boolean reserves(String topLevelName) {
        return kind == Kind.NOTEBOOK && reservedInNotebooks(topLevelName);
    }

    /** The top-level name a notebook's {@code /notebooks} keeps for Jupyter's checkpoints. */
    public static boolean reservedInNotebooks(String topLevelName) {
        return topLevelName.equals("checkpoints");
    }
}

package dev.coffer.access;

/**
 * Who is making a request.
 *
 * <ul>
 *   <li>{@link Kind#USER}: a signed-in user, through a personal API token or a web session.
 *       {@code tokenId} is the token's id, or null for a session.</li>
 *   <li>{@link Kind#PLATFORM}: a notebook platform, through a platform token scoped to one
 *       cluster ({@code clusterId}). It has no user ({@link #userId()} is {@link #NO_USER}, which
 *       matches no row, so membership checks find nothing) and is never an admin; {@code name}
 *       is the token's name.</li>
 *   <li>{@link Kind#NOTEBOOK}: a running notebook, through a notebook token that a member made for
 *       it (what a mount inside the notebook uses). It acts for that member ({@code userId}; their
 *       role is read on every request) but reaches only its own {@code /notebooks}, its team's
 *       storage on its own cluster ({@code clusterId}) and datasets; never an admin.</li>
 * </ul>
 */
public record Principal(
        Kind kind,
        long userId,
        String name,
        boolean admin,
        Long clusterId,
        Long tokenId,
        Long notebookId,
        Long notebookTeamId) {
    /** The user id of a principal that has no user; no user row has it (ids start at 1). */
    public static final long NO_USER = 0;

    public enum Kind {
        USER,
        PLATFORM,
        NOTEBOOK
    }

    public Principal(Kind kind, long userId, String name, boolean admin, Long clusterId, Long tokenId) {
        this(kind, userId, name, admin, clusterId, tokenId, null, null);
    }

    public Principal {
        if (kind == Kind.NOTEBOOK && (admin || notebookId == null || clusterId == null || notebookTeamId == null)) {
            throw new IllegalArgumentException(
                    "a notebook principal has a notebook, its cluster and its team, and no admin rights");
        }
        if (kind == Kind.PLATFORM && (admin || userId != NO_USER || clusterId == null)) {
            throw new IllegalArgumentException("a platform principal has a cluster, no user and no admin rights");
        }
        if (kind == Kind.USER && clusterId != null)
            throw new IllegalArgumentException("a user principal has no cluster");
        if (kind != Kind.NOTEBOOK && (notebookId != null || notebookTeamId != null))
            throw new IllegalArgumentException("only a notebook principal has a notebook");
    }

    /** A user, authenticated some way that needs no token id (tests, tools). */
    public Principal(long userId, String name, boolean admin) {
        this(Kind.USER, userId, name, admin, null, null);
    }

    public static Principal user(long userId, String name, boolean admin, Long tokenId) {
        return new Principal(Kind.USER, userId, name, admin, null, tokenId);
    }

    public static Principal platform(long tokenId, String tokenName, long clusterId) {
        return new Principal(Kind.PLATFORM, NO_USER, tokenName, false, clusterId, tokenId);
    }

    /**
     * A notebook principal, with its notebook's team read with the token when the request began.
     * A notebook never changes team, so every access decision of the request uses it instead of
     * reading it again.
     */
    public static Principal notebook(
            long tokenId, long userId, String userName, long notebookId, long clusterId, long teamId) {
        return new Principal(Kind.NOTEBOOK, userId, userName, false, clusterId, tokenId, notebookId, teamId);
    }

    public boolean isNotebook() {
        return kind == Kind.NOTEBOOK;
    }

    public boolean isPlatform() {
        return kind == Kind.PLATFORM;
    }

    /** True for a user principal: one that owns tokens, sessions and a Private Workspace. */
    public boolean hasUser() {
        return kind == Kind.USER;
    }
}

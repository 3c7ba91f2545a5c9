package dev.coffer.access;

import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import java.util.Optional;

/**
 * Tokens for one notebook ({@code cofn_…}): a member makes one for a notebook of the team and the
 * notebook platform hands it to the notebook, where the mount uses it. See {@link Principal.Kind#NOTEBOOK}.
 */
public final class NotebookTokens {
    public static final String PREFIX = "cofn_";
    private final Database db;

    public NotebookTokens(Database db) {
        this.db = db;
    }

    public record Created(long id, String token) {}

    public Created create(long notebookId, long userId) {
        String token = Tokens.generate(PREFIX);
        long id = db.write(h -> h.createQuery("""
                        INSERT INTO notebook_tokens (notebook_id, user_id, token_hash, created_at) VALUES (:n, :u, :h, :now) RETURNING id""")
                .bind("n", notebookId).bind("u", userId).bind("h", Tokens.hash(token)).bind("now", Database.now())
                .mapTo(Long.class).one());
        return new Created(id, token);
    }

    /** Revokes every token of a notebook (when it stops, or on request); returns how many. */
    public int revokeAll(long notebookId) {
        return db.write(h -> h.createUpdate("UPDATE notebook_tokens SET revoked_at = :now WHERE notebook_id = :n AND revoked_at IS NULL")
                .bind("now", Database.now()).bind("n", notebookId).execute());
    }

    /** The principal of a notebook token, or empty when the token is not one. */
    public Optional<Principal> authenticate(String token) {
        if (!token.startsWith(PREFIX)) return Optional.empty();
        record Row(long id, long notebookId, long clusterId, long userId, String userName, Long revokedAt) {}
        Row row = db.withHandle(h -> h.createQuery("""
                        SELECT t.id, n.id, n.cluster_id, u.id, u.name, t.revoked_at FROM notebook_tokens t
                        JOIN notebooks n ON n.id = t.notebook_id JOIN users u ON u.id = t.user_id WHERE t.token_hash = :h""")
                .bind("h", Tokens.hash(token))
                .map((rs, ctx) -> new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                        rs.getObject(6) == null ? null : rs.getLong(6)))
                .findOne().orElse(null));
        if (row == null) throw new CofferException.Unauthorized("the API token is not valid");
        if (row.revokedAt() != null) throw new CofferException.Unauthorized("the notebook token was revoked; make a new one for the notebook");
        return Optional.of(Principal.notebook(row.id(), row.userId(), row.userName(), row.notebookId(), row.clusterId()));
    }
}

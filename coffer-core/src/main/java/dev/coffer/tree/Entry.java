package dev.coffer.tree;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * One file, folder or symbolic link of a mutable volume. {@code digest} is the content digest of
 * a file (its ETag) and null otherwise; {@code target} is a link's target.
 */
public record Entry(
        long id,
        long volumeId,
        Long parentId,
        String name,
        FileEntry.Kind kind,
        Long contentId,
        long size,
        long mtime,
        String digest,
        int mode,
        String target) {

    public boolean directory() {
        return kind == FileEntry.Kind.FOLDER;
    }

    /** How every tree shows this entry. */
    public FileEntry toFileEntry() {
        return new FileEntry(name, kind, contentId, digest, size, mtime, mode, target);
    }

    static final String COLUMNS =
            "e.id, e.volume_id, e.parent_id, e.name, e.kind, e.content_id, e.size, e.mtime, c.digest, e.mode, e.target";
    static final String FROM = " FROM entries e LEFT JOIN contents c ON c.id = e.content_id ";

    static Entry map(ResultSet rs, StatementContext ctx) throws SQLException {
        long parent = rs.getLong(3);
        Long parentId = rs.wasNull() ? null : parent;
        long content = rs.getLong(6);
        Long contentId = rs.wasNull() ? null : content;
        return new Entry(
                rs.getLong(1),
                rs.getLong(2),
                parentId,
                rs.getString(4),
                FileEntry.Kind.ofCode(rs.getString(5).charAt(0)),
                contentId,
                rs.getLong(7),
                rs.getLong(8),
                rs.getString(9),
                rs.getInt(10),
                rs.getString(11));
    }
}

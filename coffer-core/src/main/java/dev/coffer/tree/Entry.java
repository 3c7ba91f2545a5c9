package dev.coffer.tree;

/**
 * One file or folder of a mutable volume. {@code digest} is the content digest of a file (its
 * ETag) and null for a folder.
 */
public record Entry(long id, long volumeId, Long parentId, String name, boolean directory,
                    Long contentId, long size, long mtime, String digest) {

    /** How every tree shows this entry. */
    public FileEntry toFileEntry() {
        return directory ? FileEntry.folder(name, mtime) : FileEntry.file(name, contentId, digest, size, mtime);
    }

    static final String COLUMNS = "e.id, e.volume_id, e.parent_id, e.name, e.kind, e.content_id, e.size, e.mtime, c.digest";
    static final String FROM = " FROM entries e LEFT JOIN contents c ON c.id = e.content_id ";

    static Entry map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
        long parent = rs.getLong(3);
        Long parentId = rs.wasNull() ? null : parent;
        long content = rs.getLong(6);
        Long contentId = rs.wasNull() ? null : content;
        return new Entry(rs.getLong(1), rs.getLong(2), parentId, rs.getString(4), "d".equals(rs.getString(5)),
                contentId, rs.getLong(7), rs.getLong(8), rs.getString(9));
    }
}

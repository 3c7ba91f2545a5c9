package dev.coffer.dataset;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * One entry of a tree node. {@code kind}: {@link #FILE} (content {@code contentId}, named by
 * {@code digest}), {@link #FOLDER} ({@code child} = the folder's root node) or {@link #PART}
 * ({@code child} = a node one level down in a wide folder, {@code name} = its first name).
 * {@code size} and {@code files} count the bytes and files below the entry.
 */
record TreeEntry(
        String name,
        char kind,
        Long contentId,
        String digest,
        String child,
        long size,
        long files,
        long mtime,
        int mode,
        String target) {
    static final char FILE = 'f';
    static final char FOLDER = 'd';
    static final char PART = 'p';
    /** A symbolic link: {@code target} as text, no content; it counts as a file of size 0. */
    static final char LINK = 'l';

    TreeEntry(String name, char kind, Long contentId, String digest, String child, long size, long files, long mtime) {
        this(name, kind, contentId, digest, child, size, files, mtime, 0, null);
    }

    static TreeEntry file(String name, long contentId, String digest, long size, long mtime, int mode) {
        return new TreeEntry(name, FILE, contentId, digest, null, size, 1, mtime, mode, null);
    }

    static TreeEntry link(String name, String target, long mtime) {
        return new TreeEntry(name, LINK, null, null, null, 0, 1, mtime, 0, target);
    }

    static TreeEntry folder(String name, Node child, long mtime) {
        return new TreeEntry(name, FOLDER, null, null, child.hash(), child.size(), child.files(), mtime);
    }

    static TreeEntry part(Node child) {
        return new TreeEntry(child.firstName(), PART, null, null, child.hash(), child.size(), child.files(), 0);
    }

    boolean isFile() {
        return kind == FILE;
    }

    boolean isFolder() {
        return kind == FOLDER;
    }

    boolean isLink() {
        return kind == LINK;
    }

    static final String COLUMNS =
            "e.name, e.kind, e.content_id, c.digest, e.child_tree, e.size, e.files, e.mtime, e.mode, e.target";
    static final String FROM = " FROM dataset_tree_entries e LEFT JOIN contents c ON c.id = e.content_id ";

    static TreeEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
        long content = rs.getLong(3);
        Long contentId = rs.wasNull() ? null : content;
        return new TreeEntry(
                rs.getString(1),
                rs.getString(2).charAt(0),
                contentId,
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6),
                rs.getLong(7),
                rs.getLong(8),
                rs.getInt(9),
                rs.getString(10));
    }
}

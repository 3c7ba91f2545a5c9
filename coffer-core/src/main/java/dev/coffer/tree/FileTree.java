package dev.coffer.tree;

import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkScope;
import dev.coffer.content.Manifest;
import java.util.List;
import java.util.Map;

/**
 * A tree of files and folders, whatever holds it: a notebook's {@code /notebooks}, a team's
 * {@code /storage}, a dataset draft or a committed version (later an external bucket). Every
 * front end (HTTP routes, the CLI through them, the mount, the web UI) works on this interface
 * only, so each is written once.
 *
 * <p>Paths are checked {@link VolumePath}s; listings are in UTF-8 byte order of the names and
 * paged. Each change is atomic: all of it or none. A tree that cannot change ({@link #writable()}
 * false) refuses every change with the same {@link dev.coffer.error.CofferException.Conflict}
 * naming the tree and how to make a writable one. Authorization is the caller's: a tree is
 * handed out only after the authorizer allowed the action, and writes decide again inside their
 * transaction.
 */
public interface FileTree {
    /** How messages name this tree, e.g. {@code storage@default} or {@code quarterly:3}. */
    String label();

    /** Whose chunks this tree's files may name (possession is checked against it). */
    ChunkScope scope();

    /** False for trees that never change (committed versions). */
    boolean writable();

    /**
     * True when this tree's files are content of Coffer's store (their entries name it), so a
     * copy into another tree shares it without reading a byte. False for a bucket: a copy from it
     * reads each file ({@link #manifest}) and commits it ({@link ContentCopies}).
     */
    default boolean sharesContent() {
        return true;
    }

    FileEntry stat(VolumePath path);

    /** Up to {@code limit} entries of folder {@code dir} with names after {@code after} (null: from the start). */
    FilePage list(VolumePath dir, String after, int limit);

    /**
     * Visits everything under {@code dir} depth first, parents before children, in name order,
     * with paths relative to {@code dir}; a file is visited alone. Streams: huge trees are read
     * a page at a time.
     */
    void walk(VolumePath dir, TreeVisitor visitor) throws Exception;

    /** The ordered chunks of the file at {@code path}; folders and links have none (a conflict). */
    Manifest manifest(VolumePath path);

    /** True when some file of this tree uses chunk {@code id}: a chunk is readable only through a tree that holds it. */
    boolean usesChunk(ChunkId id);

    /** Refuses, before any bytes of an upload are read, a path no write could create. */
    void checkCanCreate(VolumePath path);

    /**
     * Creates or replaces (a file or a link, never a folder) the file at {@code path}, creating
     * missing parent folders; {@code mode} holds its permission bits ({@code 0}: none given).
     */
    FileEntry put(VolumePath path, Manifest manifest, long mtime, int mode);

    default FileEntry put(VolumePath path, Manifest manifest, long mtime) {
        return put(path, manifest, mtime, 0);
    }

    /**
     * Creates or replaces (a file or a link, never a folder) a symbolic link; its target is kept
     * as text and never followed (see {@link FileModes#checkTarget}).
     */
    FileEntry symlink(VolumePath path, String target, long mtime);

    /**
     * Creates or replaces (files or links, never folders) many symbolic links in one transaction,
     * all or none, creating missing parent folders (a copied tree's links: one request, not one
     * per link). Returns how many it made.
     */
    int symlinkAll(Map<VolumePath, NewLink> links);

    /** Creates or replaces many files at once, all or none; returns each file's digest, in order. */
    List<String> putAll(List<FileCommit> files);

    /**
     * Sets the modification time and/or (of a file) the permission bits of what is at
     * {@code path}; null keeps what it has. Folders and links keep no permission bits.
     */
    FileEntry setAttributes(VolumePath path, Long mtime, Integer mode);

    /**
     * Sets the modification times of many files, folders and links in one transaction, all or
     * none (a copy of a tree stamps every folder's time once its files are in: one request, not
     * one per folder). Returns how many entries it changed; a path that does not exist refuses
     * the whole change.
     */
    int setTimes(Map<VolumePath, Long> times);

    /** Makes a folder; with {@code parents}, missing parents too, and an existing folder is fine. */
    FileEntry mkdir(VolumePath path, boolean parents);

    /**
     * Renames or moves a file or folder in one step. An existing file at {@code to} is replaced
     * only with {@code replace}; an existing folder never is.
     */
    FileEntry move(VolumePath from, VolumePath to, boolean replace);

    /**
     * Copies {@code from} of {@code source} (this tree or another) to {@code to}, which must not
     * exist, sharing content: no bytes are copied. The caller has checked that {@code source} may
     * be read.
     */
    FileEntry copy(FileTree source, VolumePath from, VolumePath to) throws Exception;

    /** Deletes a file, or a folder ({@code recursive}: with everything in it). */
    void delete(VolumePath path, boolean recursive);

    /** Deletes many paths in one step: all of them, or (one missing, a folder not empty without {@code recursive}) none. */
    void deleteAll(List<VolumePath> paths, boolean recursive);
}

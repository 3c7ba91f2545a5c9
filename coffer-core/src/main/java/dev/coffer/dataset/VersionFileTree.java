package dev.coffer.dataset;

import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkScope;
import dev.coffer.content.Manifest;
import dev.coffer.tree.ContentCopies;
import dev.coffer.tree.FileCommit;
import dev.coffer.tree.FileEntry;
import dev.coffer.tree.FilePage;
import dev.coffer.tree.FileTree;
import dev.coffer.tree.NewLink;
import dev.coffer.tree.SubtreeDepth;
import dev.coffer.tree.TreeVisitor;
import dev.coffer.tree.VolumeFileTree;
import dev.coffer.tree.VolumePath;
import java.util.List;
import java.util.Map;

/**
 * A dataset version as a {@link FileTree}: a draft reads and writes, a committed version only
 * reads and answers every change with the one refusal that says how to make a new version.
 */
public final class VersionFileTree implements FileTree {
    private final Drafts drafts;
    private final VersionReader reader;
    private final Version version;
    private final ChunkScope scope;

    /** {@code teamId} owns the dataset; null for a public dataset. */
    public VersionFileTree(Drafts drafts, VersionReader reader, Version version, Long teamId) {
        this.drafts = drafts;
        this.reader = reader;
        this.version = version;
        this.scope = ChunkScope.ofDataset(teamId);
    }

    public Version version() {
        return version;
    }

    @Override
    public String label() {
        return version.label();
    }

    @Override
    public ChunkScope scope() {
        return scope;
    }

    @Override
    public boolean writable() {
        return !version.committed();
    }

    /** The refusal every change to a committed version gets. */
    private void checkWritable() {
        Drafts.checkDraft(version);
    }

    @Override
    public FileEntry stat(VolumePath path) {
        return reader.stat(version, path);
    }

    @Override
    public FilePage list(VolumePath dir, String after, int limit) {
        return reader.list(version, dir, after, limit);
    }

    @Override
    public void walk(VolumePath dir, TreeVisitor visitor) throws Exception {
        reader.walk(version, dir, visitor);
    }

    @Override
    public Manifest manifest(VolumePath path) {
        return reader.manifest(version, path);
    }

    @Override
    public boolean usesChunk(ChunkId id) {
        return reader.usesChunk(version, id);
    }

    @Override
    public void checkCanCreate(VolumePath path) {
        checkWritable();
    }

    @Override
    public FileEntry put(VolumePath path, Manifest manifest, long mtime, int mode) {
        checkWritable();
        return drafts.put(version, path, manifest, mtime, mode);
    }

    @Override
    public FileEntry setAttributes(VolumePath path, Long mtime, Integer mode) {
        checkWritable();
        return drafts.setAttributes(version, path, mtime, mode);
    }

    @Override
    public int setTimes(Map<VolumePath, Long> times) {
        checkWritable();
        return drafts.setTimes(version, times);
    }

    @Override
    public FileEntry symlink(VolumePath path, String target, long mtime) {
        checkWritable();
        return drafts.symlink(version, path, target, mtime);
    }

    @Override
    public int symlinkAll(Map<VolumePath, NewLink> links) {
        checkWritable();
        return drafts.symlinkAll(version, links);
    }

    @Override
    public List<String> putAll(List<FileCommit> files) {
        checkWritable();
        return drafts.putAll(version, files);
    }

    @Override
    public FileEntry mkdir(VolumePath path, boolean parents) {
        checkWritable();
        drafts.mkdir(version, path, parents);
        return stat(path);
    }

    @Override
    public FileEntry move(VolumePath from, VolumePath to, boolean replace) {
        checkWritable();
        try {
            SubtreeDepth.checkFits(this, from, to);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        drafts.move(version, from, to, replace);
        return stat(to);
    }

    @Override
    public FileEntry copy(FileTree source, VolumePath from, VolumePath to) throws Exception {
        checkWritable();
        if (!source.sharesContent()) return ContentCopies.copy(source, from, this, to);
        if (!(source instanceof VolumeFileTree)) SubtreeDepth.checkFits(source, from, to);
        switch (source) {
            case VersionFileTree v when v.version.id() == version.id() -> drafts.copy(version, from, to);
            // A committed version shares whole trees: one row, whatever the folder holds.
            case VersionFileTree v when v.version.committed() -> drafts.copyFromVersion(version, v.version, from, to);
            case VolumeFileTree v -> drafts.copyFromVolume(version, v.volume(), from, to);
            default -> drafts.copyFrom(version, source, from, to);
        }
        return stat(to);
    }

    @Override
    public void delete(VolumePath path, boolean recursive) {
        checkWritable();
        drafts.delete(version, path, recursive);
    }

    @Override
    public void deleteAll(List<VolumePath> paths, boolean recursive) {
        checkWritable();
        drafts.deleteAll(version, paths, recursive);
    }
}

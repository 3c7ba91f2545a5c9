package dev.coffer.tree;

import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkScope;
import dev.coffer.content.ContentStore;
import dev.coffer.content.Manifest;
import dev.coffer.volume.Volume;
import java.util.List;
import java.util.Map;

/** A mutable volume ({@code /storage} of a cluster, a notebook's {@code /notebooks}) as a {@link FileTree}. */
public final class VolumeFileTree implements FileTree {
    private final VolumeTree tree;
    private final ContentStore content;
    private final Volume volume;
    private final String label;

    public VolumeFileTree(VolumeTree tree, ContentStore content, Volume volume, String label) {
        this.tree = tree;
        this.content = content;
        this.volume = volume;
        this.label = label;
    }

    public Volume volume() {
        return volume;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public ChunkScope scope() {
        return ChunkScope.team(volume.teamId());
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public FileEntry stat(VolumePath path) {
        return tree.stat(volume, path).toFileEntry();
    }

    @Override
    public FilePage list(VolumePath dir, String after, int limit) {
        return tree.list(volume, dir, after, limit);
    }

    @Override
    public void walk(VolumePath dir, TreeVisitor visitor) throws Exception {
        tree.walk(volume, dir, visitor);
    }

    @Override
    public Manifest manifest(VolumePath path) {
        return content.manifestOf(FileModes.contentOf(stat(path), path));
    }

    @Override
    public boolean usesChunk(ChunkId id) {
        return tree.volumeUsesChunk(volume, id);
    }

    @Override
    public void checkCanCreate(VolumePath path) {
        tree.checkCanCreate(volume, path);
    }

    @Override
    public FileEntry put(VolumePath path, Manifest manifest, long mtime, int mode) {
        return tree.putFile(volume, path, manifest, mtime, mode).toFileEntry();
    }

    @Override
    public FileEntry setAttributes(VolumePath path, Long mtime, Integer mode) {
        return tree.setAttributes(volume, path, mtime, mode).toFileEntry();
    }

    @Override
    public int setTimes(Map<VolumePath, Long> times) {
        return tree.setTimes(volume, times);
    }

    @Override
    public FileEntry symlink(VolumePath path, String target, long mtime) {
        return tree.symlink(volume, path, target, mtime).toFileEntry();
    }

    @Override
    public int symlinkAll(Map<VolumePath, NewLink> links) {
        return tree.symlinkAll(volume, links);
    }

    @Override
    public List<String> putAll(List<FileCommit> files) {
        return tree.putFiles(volume, files);
    }

    @Override
    public FileEntry mkdir(VolumePath path, boolean parents) {
        return tree.mkdir(volume, path, parents).toFileEntry();
    }

    @Override
    public FileEntry move(VolumePath from, VolumePath to, boolean replace) {
        return tree.move(volume, from, to, replace).toFileEntry();
    }

    @Override
    public FileEntry copy(FileTree source, VolumePath from, VolumePath to) throws Exception {
        // Between volumes the copy is a few statements in the database; from any other tree, a walk.
        if (!source.sharesContent()) return ContentCopies.copy(source, from, this, to);
        if (source instanceof VolumeFileTree other)
            return tree.copy(other.volume, from, volume, to).toFileEntry();
        return tree.copyFrom(source, from, volume, to).toFileEntry();
    }

    @Override
    public void delete(VolumePath path, boolean recursive) {
        tree.delete(volume, path, recursive);
    }

    @Override
    public void deleteAll(List<VolumePath> paths, boolean recursive) {
        tree.deleteAll(volume, paths, recursive);
    }
}

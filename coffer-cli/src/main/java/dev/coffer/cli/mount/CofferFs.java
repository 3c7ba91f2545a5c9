package dev.coffer.cli.mount;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.error.CofferException;
import dev.coffer.tree.VolumePath;
import dev.coffer.volume.Volume;
import dev.coffer.wire.FileWire;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cryptomator.jfuse.api.DirFiller;
import org.cryptomator.jfuse.api.Errno;
import org.cryptomator.jfuse.api.FileInfo;
import org.cryptomator.jfuse.api.FuseConfig;
import org.cryptomator.jfuse.api.FuseConnInfo;
import org.cryptomator.jfuse.api.FuseOperations;
import org.cryptomator.jfuse.api.Stat;
import org.cryptomator.jfuse.api.Statvfs;
import org.cryptomator.jfuse.api.TimeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mount's file system: each call is routed by {@link MountLayout} to a tree and a path in it,
 * answered from the metadata cache or the file API, and every failure becomes the errno a program
 * expects (with the reason in the log). Open files are {@link OpenFile}s in {@link Handles}.
 */
final class CofferFs implements FuseOperations {
    private static final Logger LOG = LoggerFactory.getLogger("dev.coffer.mount");
    private static final int RENAME_NOREPLACE = 1;
    private static final int RENAME_EXCHANGE = 2;

    private final MountLayout layout;
    private final MetaCache meta;
    private final Handles handles;
    private final Errors errors;
    private final EntryStats stats;
    private final FreeSpace space;
    private final TreeView view;

    CofferFs(
            MountLayout layout,
            MetaCache meta,
            Handles handles,
            Errors errors,
            ApiClient api,
            String team,
            int uid,
            int gid) {
        this.layout = layout;
        this.meta = meta;
        this.handles = handles;
        this.errors = errors;
        this.stats = new EntryStats(uid, gid);
        this.space = new FreeSpace(api, team);
        this.view = new TreeView(meta, handles, stats);
    }

    @Override
    public Errno errno() {
        return errors.errno();
    }

    @Override
    public Set<Operation> supportedOperations() {
        return EnumSet.of(
                Operation.INIT,
                Operation.DESTROY,
                Operation.GET_ATTR,
                Operation.READ_DIR,
                Operation.OPEN_DIR,
                Operation.RELEASE_DIR,
                Operation.OPEN,
                Operation.CREATE,
                Operation.READ,
                Operation.WRITE,
                Operation.FLUSH,
                Operation.FSYNC,
                Operation.FSYNCDIR,
                Operation.RELEASE,
                Operation.TRUNCATE,
                Operation.MKDIR,
                Operation.RMDIR,
                Operation.UNLINK,
                Operation.RENAME,
                Operation.SYMLINK,
                Operation.READLINK,
                Operation.CHMOD,
                Operation.CHOWN,
                Operation.UTIMENS,
                Operation.STATFS,
                // Not getxattr, setxattr, removexattr: unanswered (ENOSYS), the kernel stops asking
                // and answers EOPNOTSUPP itself. Answered, it asks for security.capability before
                // every write, a round trip per written file.
                Operation.LIST_XATTR);
    }

    @Override
    public void init(FuseConnInfo conn, FuseConfig cfg) {
        Inodes.useOwnNumbers(cfg);
        // Pages of an open file are checked at open (by content, see Handles.open), not at every
        // read: with attr_timeout=0 this capability would cost a getattr round trip per read()
        // call, a third of the time of a sequential read from the page cache.
        conn.setWant(conn.want() & ~FuseConnInfo.FUSE_CAP_AUTO_INVAL_DATA);
        LOG.info("mounted: notebooks={}, storage={}", layout.notebooks.label(), layout.storage.label());
    }

    /** One call: the place it names, or ENOENT; failures become errno values. */
    @FunctionalInterface
    private interface Call {
        int on(MountLayout.Place p) throws Exception;
    }

    private int call(String op, String path, Call body) {
        try {
            MountLayout.Place p = layout.resolve(path);
            if (p == null) return -errno().enoent();
            return body.on(p);
        } catch (Exception e) {
            return errors.of(op, path, e);
        }
    }

    /** A change: refused with EROFS on the mount's own folders and on read-only trees. */
    private int change(String op, String path, Call body) {
        if (layout.resolve(path) == null) {
            // A new name beside the mount's own folders, or a dataset that is not mounted: never writable.
            if (path.startsWith("/datasets/")) return -errno().erofs();
            if (path.lastIndexOf('/') == 0) return -errno().eacces();
        }
        return call(op, path, p -> {
            if (p.isVirtual() || !p.tree().writable() || p.rel().isEmpty()) {
                return p.isVirtual() || p.rel().isEmpty() ? -errno().eacces() : -errno().erofs();
            }
            try {
                VolumePath checked = VolumePath.parse(p.rel());
                if (p.tree() == layout.notebooks
                        && Volume.reservedInNotebooks(checked.names().getFirst())) {
                    LOG.warn(
                            "{} {}: '{}' is reserved at the top of a notebook's /notebooks (Jupyter keeps its checkpoints"
                                    + " there); choose another name",
                            op,
                            path,
                            checked.names().getFirst());
                    return -errno().einval();
                }
            } catch (CofferException e) {
                LOG.warn("{} {}: {}", op, path, e.getMessage());
                return -errno().einval();
            }
            return body.on(p);
        });
    }

    private Optional<FileWire.FileEntry> entry(MountLayout.Place p) {
        return view.entry(p);
    }

    @Override
    public int getattr(String path, Stat stat, FileInfo fi) {
        return call("getattr", path, p -> {
            if (p.isVirtual()) {
                stats.mountFolder(stat, "", p.virtual().name(), false);
                return 0;
            }
            OpenFile open = fi != null ? handles.get(fi.getFh()) : handles.dirtyAt(p.tree(), p.rel());
            if (open != null) {
                stats.file(stat, p, open.size(), open.mtime(), open.mode());
                return 0;
            }
            WriteBack.Waiting waiting = handles.waiting(p.tree(), p.rel());
            if (waiting != null) {
                if (waiting.folder()) stats.pendingFolder(stat, p, waiting.mtime());
                else stats.file(stat, p, waiting.data().length, waiting.mtime(), waiting.mode());
                return 0;
            }
            Optional<FileWire.FileEntry> e = entry(p);
            if (e.isEmpty()) return -errno().enoent();
            stats.entry(stat, p, e.get());
            return 0;
        });
    }

    @Override
    public int opendir(String path, FileInfo fi) {
        return call("opendir", path, p -> {
            if (p.isVirtual()) return 0;
            Optional<FileWire.FileEntry> e = entry(p);
            if (e.isEmpty()) return -errno().enoent();
            return e.get().type() == FileWire.EntryType.FOLDER ? 0 : -errno().enotdir();
        });
    }

    @Override
    public int releasedir(String path, FileInfo fi) {
        return 0;
    }

    @Override
    public int readdir(String path, DirFiller filler, long offset, FileInfo fi, int flags) {
        return call("readdir", path, p -> {
            view.dots(p, filler);
            if (p.virtual() == MountLayout.Virtual.ROOT) {
                for (String name : List.of("datasets", "notebooks", "storage"))
                    filler.fill(name, s -> stats.mountFolder(s, "", name, !name.equals("datasets")));
                return 0;
            }
            if (p.virtual() == MountLayout.Virtual.DATASETS) {
                for (var d : layout.datasets().entrySet())
                    filler.fill(
                            d.getKey(), s -> stats.mountFolder(s, d.getValue().label(), "", false));
                return 0;
            }
            view.list(p, filler);
            return 0;
        });
    }

    @Override
    public int readlink(String path, ByteBuffer buf, long len) {
        return call("readlink", path, p -> {
            if (p.isVirtual()) return -errno().einval();
            Optional<FileWire.FileEntry> e = entry(p);
            if (e.isEmpty()) return -errno().enoent();
            if (e.get().type() != FileWire.EntryType.SYMLINK) return -errno().einval();
            byte[] target = e.get().target().getBytes(StandardCharsets.UTF_8);
            int n = (int) Math.min(target.length, len - 1);
            buf.put(target, 0, n);
            buf.put((byte) 0);
            return 0;
        });
    }

    @Override
    public int open(String path, FileInfo fi) {
        return call("open", path, p -> {
            if (p.isVirtual()) return -errno().eisdir();
            Set<StandardOpenOption> flags = fi.getOpenFlags();
            boolean writes = flags.contains(StandardOpenOption.WRITE) || flags.contains(StandardOpenOption.APPEND);
            if (writes && !p.tree().writable()) return -errno().erofs();
            Handles.Opened opened = handles.open(p, flags.contains(StandardOpenOption.TRUNCATE_EXISTING) && writes);
            fi.setFh(opened.fh());
            // A reader's close has nothing to send: no flush round trip (release still comes, later).
            OpenFlags.set(fi, opened.keepCache(), !writes);
            return 0;
        });
    }

    @Override
    public int create(String path, int mode, FileInfo fi) {
        return change("create", path, p -> {
            fi.setFh(handles.create(p, mode & 07777));
            return 0;
        });
    }

    @Override
    public int read(String path, ByteBuffer buf, long count, long offset, FileInfo fi) {
        OpenFile f = handles.get(fi.getFh());
        if (f == null) return -errno().ebadf();
        try {
            return f.read(buf, count, offset);
        } catch (Exception e) {
            return errors.of("read", path, e);
        }
    }

    @Override
    public int write(String path, ByteBuffer buf, long count, long offset, FileInfo fi) {
        OpenFile f = handles.get(fi.getFh());
        if (f == null) return -errno().ebadf();
        try {
            return f.write(buf, count, offset);
        } catch (Exception e) {
            return errors.of("write", path, e);
        }
    }

    @Override
    public int flush(String path, FileInfo fi) {
        return sync("flush", path, fi, true);
    }

    @Override
    public int fsync(String path, int datasync, FileInfo fi) {
        return sync("fsync", path, fi, false);
    }

    private int sync(String op, String path, FileInfo fi, boolean closing) {
        OpenFile f = handles.get(fi.getFh());
        if (f == null) return 0;
        try {
            if (closing) {
                handles.closed(f, true);
            } else {
                // fsync: durable before it returns, whatever a close of this file left waiting included.
                handles.settle();
                handles.upload(f, false);
            }
            return 0;
        } catch (Exception e) {
            return errors.of(op, path, e);
        }
    }

    /** fsync of a folder ({@code sync DIR}): every file closed in the mount so far is on the server when it returns. */
    @Override
    public int fsyncdir(String path, int datasync, FileInfo fi) {
        try {
            handles.settle();
            return 0;
        } catch (Exception e) {
            return errors.of("fsyncdir", path, e);
        }
    }

    @Override
    public int release(String path, FileInfo fi) {
        OpenFile f = handles.get(fi.getFh());
        if (f == null) return 0;
        try {
            handles.closed(f, false);
            return 0;
        } catch (Exception e) {
            return errors.of("release", path, e);
        } finally {
            handles.release(fi.getFh());
        }
    }

    @Override
    public int truncate(String path, long size, FileInfo fi) {
        return change("truncate", path, p -> {
            OpenFile open = fi != null ? handles.get(fi.getFh()) : null;
            if (open != null) {
                open.truncate(size);
                return 0;
            }
            handles.truncateClosed(p, size);
            return 0;
        });
    }

    @Override
    public int mkdir(String path, int mode) {
        return change("mkdir", path, p -> {
            if (handles.defersFolders()) {
                if (entry(p).isPresent() || handles.waiting(p.tree(), p.rel()) != null) return -errno().eexist();
                meta.madeFolder(p.tree(), p.rel(), handles.makeFolderLater(p));
                return 0;
            }
            meta.madeFolder(p.tree(), p.rel(), p.tree().mkdir(p.rel()));
            return 0;
        });
    }

    @Override
    public int rmdir(String path) {
        return change("rmdir", path, p -> {
            handles.settle();
            Optional<FileWire.FileEntry> e = entry(p);
            if (e.isEmpty()) return -errno().enoent();
            if (e.get().type() != FileWire.EntryType.FOLDER) return -errno().enotdir();
            p.tree().delete(p.rel(), false);
            meta.changedFolder(p.tree(), p.rel());
            return 0;
        });
    }

    @Override
    public int unlink(String path) {
        return change("unlink", path, p -> {
            handles.settle();
            Optional<FileWire.FileEntry> e = entry(p);
            if (e.isPresent() && e.get().type() == FileWire.EntryType.FOLDER) return -errno().eisdir();
            boolean wasOpenNew = handles.unlinked(p.tree(), p.rel());
            if (e.isEmpty() && wasOpenNew) return 0;
            p.tree().delete(p.rel(), false);
            meta.changed(p.tree(), p.rel());
            layout.settingsTouched(p.rel());
            return 0;
        });
    }

    @Override
    public int rename(String oldpath, String newpath, int flags) {
        if ((flags & RENAME_EXCHANGE) != 0) return -errno().einval();
        return change(
                "rename",
                oldpath,
                from -> change("rename", newpath, to -> {
                    if (from.tree() != to.tree()) return -Errors.EXDEV;
                    handles.settle();
                    handles.uploadBelow(from.tree(), from.rel());
                    Optional<FileWire.FileEntry> src = entry(from);
                    if (src.isEmpty()) return -errno().enoent();
                    Optional<FileWire.FileEntry> dst = entry(to);
                    boolean replace = (flags & RENAME_NOREPLACE) == 0;
                    if (dst.isPresent()) {
                        if (!replace) return -errno().eexist();
                        boolean srcFolder = src.get().type() == FileWire.EntryType.FOLDER;
                        boolean dstFolder = dst.get().type() == FileWire.EntryType.FOLDER;
                        if (srcFolder != dstFolder) return srcFolder ? -errno().enotdir() : -errno().eisdir();
                        if (dstFolder) {
                            // POSIX lets a folder take the place of an empty one; the server never replaces a folder.
                            to.tree().delete(to.rel(), false);
                        }
                    }
                    from.tree().move(from.rel(), to.rel(), replace);
                    handles.moved(from.tree(), from.rel(), to.rel());
                    meta.changedFolder(from.tree(), from.rel());
                    meta.changedFolder(to.tree(), to.rel());
                    layout.settingsTouched(to.rel());
                    return 0;
                }));
    }

    @Override
    public int symlink(String target, String linkPath) {
        return change("symlink", linkPath, p -> {
            handles.settle();
            p.tree().symlink(p.rel(), target);
            meta.changed(p.tree(), p.rel());
            return 0;
        });
    }

    @Override
    public int chmod(String path, int mode, FileInfo fi) {
        return change("chmod", path, p -> {
            handles.settle();
            OpenFile open = handles.dirtyAt(p.tree(), p.rel());
            if (open != null) open.setMode(mode & 07777);
            Optional<FileWire.FileEntry> e = entry(p);
            if (e.isPresent() && e.get().type() == FileWire.EntryType.FILE) {
                p.tree().attributes(p.rel(), null, mode & 07777);
                meta.changed(p.tree(), p.rel());
            } else if (e.isEmpty() && open == null) {
                return -errno().enoent();
            }
            return 0;
        });
    }

    @Override
    public int chown(String path, int uid, int gid, FileInfo fi) {
        // Files have no owners of their own: every file belongs to whoever mounted the tree.
        return 0;
    }

    @Override
    public int utimens(String path, TimeSpec atime, TimeSpec mtime, FileInfo fi) {
        return change("utimens", path, p -> {
            if (mtime.isUtimeOmit()) return 0;
            long millis = mtime.isUtimeNow()
                    ? System.currentTimeMillis()
                    : mtime.get().toEpochMilli();
            OpenFile open = fi != null ? handles.get(fi.getFh()) : handles.dirtyAt(p.tree(), p.rel());
            if (open != null && open.dirty()) {
                open.setMtime(millis);
                return 0;
            }
            handles.settle();
            p.tree().attributes(p.rel(), millis, null);
            meta.changed(p.tree(), p.rel());
            return 0;
        });
    }

    @Override
    public int statfs(String path, Statvfs statvfs) {
        try {
            space.fill(statvfs);
            return 0;
        } catch (Exception e) {
            return errors.of("statfs", path, e);
        }
    }

    @Override
    public int listxattr(String path, ByteBuffer list) {
        return 0;
    }

    @Override
    public void destroy() {
        handles.uploadAll();
    }
}

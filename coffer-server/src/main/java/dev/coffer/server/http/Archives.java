package dev.coffer.server.http;

import dev.coffer.content.ChunkLocation;
import dev.coffer.content.ContentStore;
import dev.coffer.error.CofferException;
import dev.coffer.server.Traffic;
import dev.coffer.tree.FileEntry;
import dev.coffer.tree.TreeVisitor;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.ArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * A folder downloaded as {@code .zip} or {@code .tar}, built while it is sent: the folder is
 * walked page by page and each file streamed chunk by chunk, so neither the listing nor any file
 * is held in memory. Zip entries are stored without compression (speed; most data is compressed
 * already) and use Zip64 where sizes need it.
 */
final class Archives {
    private Archives() {}

    /** Walks the folder being archived, depth-first, parents before children. */
    @FunctionalInterface
    interface Source {
        void walk(TreeVisitor visitor) throws Exception;
    }

    /** Permission bits of entries that were given none. */
    private static final int DEFAULT_FILE = 0644;

    private static final int DEFAULT_FOLDER = 0755;

    /**
     * Sends the folder {@code source} walks as {@code base.zip} or {@code base.tar}, counting the
     * archive's bytes as content sent.
     */
    static void send(Context ctx, ContentStore content, Traffic traffic, String base, String format, Source source)
            throws Exception {
        if (!format.equals("zip") && !format.equals("tar")) {
            throw new CofferException.Invalid("archive must be zip or tar, got '" + format + "'");
        }
        String fileName = base + "." + format;
        ctx.status(200)
                .contentType(format.equals("zip") ? "application/zip" : "application/x-tar")
                .header(
                        "Content-Disposition",
                        "attachment; filename*=UTF-8''"
                                + URLEncoder.encode(fileName, StandardCharsets.UTF_8)
                                        .replace("+", "%20"));
        if (ctx.method().name().equals("HEAD")) return;
        OutputStream out = traffic.counting(ctx.outputStream());
        try (ArchiveOutputStream<?> archive = format.equals("zip") ? zip(out) : tar(out)) {
            // Entries are sent in groups whose contents are located together (one query for the
            // group, not two per file); only their names are held, never their bytes.
            List<Entry> group = new ArrayList<>(GROUP);
            source.walk((entry, rel) -> {
                group.add(new Entry(base + "/" + String.join("/", rel) + (entry.directory() ? "/" : ""), entry));
                if (group.size() >= GROUP) sendGroup(content, archive, group);
            });
            sendGroup(content, archive, group);
            archive.finish();
        }
    }

    /** Entries located with one query. */
    private static final int GROUP = 500;

    private record Entry(String name, FileEntry file) {
        boolean hasContent() {
            return file.kind() == FileEntry.Kind.FILE && file.size() > 0;
        }

        /** The Unix mode word: type bits and permission bits. */
        int unixMode() {
            return switch (file.kind()) {
                case FOLDER -> UnixStat.DIR_FLAG | (file.mode() == 0 ? DEFAULT_FOLDER : file.mode());
                case SYMLINK -> UnixStat.LINK_FLAG | 0777;
                case FILE -> UnixStat.FILE_FLAG | (file.mode() == 0 ? DEFAULT_FILE : file.mode());
            };
        }
    }

    private static void sendGroup(ContentStore content, ArchiveOutputStream<?> archive, List<Entry> group)
            throws IOException {
        List<Long> ids = new ArrayList<>();
        for (Entry e : group) if (e.hasContent()) ids.add(e.file().contentId());
        Map<Long, List<ChunkLocation>> chunks = content.locate(ids);
        for (Entry e : group) {
            FileEntry f = e.file();
            FileTime mtime = FileTime.fromMillis(f.mtime());
            // A link is an entry of its own kind whose "content" is its target, in both formats.
            byte[] target = f.symlink() ? f.target().getBytes(StandardCharsets.UTF_8) : null;
            if (archive instanceof ZipArchiveOutputStream z) {
                ZipArchiveEntry ze = new ZipArchiveEntry(e.name());
                ze.setLastModifiedTime(mtime);
                ze.setUnixMode(e.unixMode());
                if (!f.directory()) ze.setSize(target != null ? target.length : f.size());
                z.putArchiveEntry(ze);
                if (target != null) z.write(target);
            } else if (archive instanceof TarArchiveOutputStream t) {
                TarArchiveEntry te = target != null
                        ? new TarArchiveEntry(e.name(), TarConstants.LF_SYMLINK)
                        : new TarArchiveEntry(e.name());
                te.setLastModifiedTime(mtime);
                te.setMode(e.unixMode());
                if (target != null) te.setLinkName(f.target());
                else if (!f.directory()) te.setSize(f.size());
                t.putArchiveEntry(te);
            }
            if (e.hasContent()) {
                List<ChunkLocation> located = chunks.get(f.contentId());
                if (located == null) throw new CofferException.NotFound("the content of " + e.name() + " is missing");
                content.write(located, archive);
            }
            archive.closeArchiveEntry();
        }
        group.clear();
    }

    private static ZipArchiveOutputStream zip(OutputStream out) {
        ZipArchiveOutputStream z = new ZipArchiveOutputStream(out);
        z.setUseZip64(Zip64Mode.AsNeeded);
        z.setLevel(Deflater.NO_COMPRESSION);
        z.setEncoding("UTF-8");
        return z;
    }

    private static TarArchiveOutputStream tar(OutputStream out) {
        TarArchiveOutputStream t = new TarArchiveOutputStream(out, "UTF-8");
        t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return t;
    }
}

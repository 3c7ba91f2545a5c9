package dev.coffer.server.http;

import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.tree.VolumePath;
import dev.coffer.volume.Volume;
import io.javalin.http.Context;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.ArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
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

    static void send(Context ctx, Services s, Volume v, VolumePath dir, String format) throws Exception {
        if (!format.equals("zip") && !format.equals("tar")) {
            throw new CofferException.Invalid("archive must be zip or tar, got '" + format + "'");
        }
        String base = dir.isRoot() ? "volume" : dir.name();
        String fileName = base + "." + format;
        ctx.status(200)
                .contentType(format.equals("zip") ? "application/zip" : "application/x-tar")
                .header("Content-Disposition", "attachment; filename*=UTF-8''" + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20"));
        if (ctx.method().name().equals("HEAD")) return;
        OutputStream out = ctx.outputStream();
        try (ArchiveOutputStream<?> archive = format.equals("zip") ? zip(out) : tar(out)) {
            s.tree().walk(v, dir, (entry, rel) -> {
                String name = base + "/" + String.join("/", rel) + (entry.directory() ? "/" : "");
                FileTime mtime = FileTime.fromMillis(entry.mtime());
                if (archive instanceof ZipArchiveOutputStream z) {
                    ZipArchiveEntry ze = new ZipArchiveEntry(name);
                    ze.setLastModifiedTime(mtime);
                    if (!entry.directory()) ze.setSize(entry.size());
                    z.putArchiveEntry(ze);
                } else if (archive instanceof TarArchiveOutputStream t) {
                    TarArchiveEntry te = new TarArchiveEntry(name);
                    te.setLastModifiedTime(mtime);
                    te.setMode(entry.directory() ? 040755 : 0100644);
                    if (!entry.directory()) te.setSize(entry.size());
                    t.putArchiveEntry(te);
                }
                if (!entry.directory() && entry.size() > 0) s.content().read(entry.contentId(), 0, entry.size(), archive);
                archive.closeArchiveEntry();
            });
            archive.finish();
        }
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

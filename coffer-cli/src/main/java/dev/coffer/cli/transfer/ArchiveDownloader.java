package dev.coffer.cli.transfer;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.cli.client.Location;
import dev.coffer.cli.local.LocalDestination;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Downloads many files of a remote folder in one request: the server streams the folder as a tar
 * archive, and each wanted file is written and verified by {@link Downloader#receive} exactly as a
 * single download would be. For a folder of many small files this costs one request instead of
 * one per file; files not wanted are read past.
 */
public final class ArchiveDownloader {
    private final ApiClient api;
    private final String team;
    private final Downloader files;

    public ArchiveDownloader(ApiClient api, String team, Downloader files) {
        this.api = api;
        this.team = team;
        this.files = files;
    }

    /** A wanted file: its expected digest and modification time. */
    public record Wanted(String digest, long mtime) {}

    /**
     * Writes the files of {@code folder} named in {@code wanted} (relative paths) under {@code dest};
     * any wanted file the archive lacks is an error (the folder changed, or the server is wrong).
     * Each name goes through {@link LocalDestination#resolve}, so no archive entry lands outside.
     */
    public void download(Location.Remote folder, Map<String, Wanted> wanted, LocalDestination dest, Progress progress)
            throws IOException {
        Set<String> seen = new HashSet<>();
        try (InputStream body = api.getStream(folder.url(team, "files") + "?archive=tar");
                TarArchiveInputStream tar = new TarArchiveInputStream(body, "UTF-8")) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (!e.isFile()) continue;
                String name = e.getName();
                int slash = name.indexOf('/');
                String rel =
                        slash < 0 ? name : name.substring(slash + 1); // the archive's first name is the folder itself
                Wanted w = wanted.get(rel);
                if (w == null) continue;
                files.receive(tar, folder.child(rel).toString(), w.digest(), w.mtime(), dest.resolve(rel), progress);
                seen.add(rel);
            }
        }
        if (seen.size() != wanted.size()) {
            throw new CliException((wanted.size() - seen.size()) + " file(s) of " + folder
                    + " were missing from the server's archive; run the command again");
        }
    }
}

package dev.coffer.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.cli.client.TreeListing;
import dev.coffer.dataset.VersionDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a version holds besides its files' contents, as a local folder has it: folder times,
 * symbolic links and the permission bits kept for files. The local index records file contents
 * only; these come from the folder's walk (or, after a pull, from the version's listing), so the
 * index's belief of "the version this folder was" covers the whole tree.
 */
public record TreeExtras(Map<String, Long> folders, Map<String, TreeListing.Link> links, Map<String, Integer> modes) {
    public static TreeExtras of(LocalTree.Scan scan) {
        Map<String, Integer> modes = new HashMap<>();
        for (LocalFile f : scan.files().values()) if (f.modeToKeep() != 0) modes.put(f.relative(), f.modeToKeep());
        return new TreeExtras(scan.folders(), scan.links(), modes);
    }

    public static TreeExtras of(TreeListing listing) {
        Map<String, Integer> modes = new HashMap<>();
        for (var e : listing.files().entrySet())
            if (e.getValue().mode() != 0) modes.put(e.getKey(), e.getValue().mode());
        return new TreeExtras(listing.folders(), listing.links(), modes);
    }

    int mode(String path) {
        return modes.getOrDefault(path, 0);
    }

    /** Gives {@code digest} these folders' times and links (files' modes are given with the files). */
    void applyTo(VersionDigest digest) {
        for (var e : folders.entrySet()) digest.folder(e.getKey(), e.getValue());
        for (var e : links.entrySet())
            digest.link(e.getKey(), e.getValue().target(), e.getValue().mtime());
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Writes these extras to {@code file} atomically (a temporary file moved over it), so that the
     * next push knows the version's extras as they were at this save, not as the folder has them
     * by then.
     */
    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The extras {@code file} holds, or null when it is missing or cannot be read (then nothing is believed). */
    static TreeExtras read(Path file) {
        try {
            TreeExtras read = JSON.readValue(file.toFile(), TreeExtras.class);
            return read.folders() == null || read.links() == null || read.modes() == null ? null : read;
        } catch (IOException e) {
            return null;
        }
    }

    /** A digest of all of it, in path order: equal fingerprints mean equal extras. */
    String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(folders)
                    .forEach((p, t) -> md.update(("d\0" + p + "\0" + t + "\n").getBytes(StandardCharsets.UTF_8)));
            new TreeMap<>(links)
                    .forEach((p, l) -> md.update(("l\0" + p + "\0" + l.target() + "\0" + l.mtime() + "\n")
                            .getBytes(StandardCharsets.UTF_8)));
            new TreeMap<>(modes)
                    .forEach((p, m) -> md.update(("m\0" + p + "\0" + m + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

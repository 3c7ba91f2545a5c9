package dev.coffer.cli.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.coffer.tree.FileModes;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything under a folder of any remote tree (a volume, a draft, a version), keyed by path
 * relative to it: files with what a push or copy compares (size, mtime, digest, mode), symbolic
 * links with their targets, and every folder (empty ones too) with its modification time.
 *
 * <p>It is read from the server's {@code tree} stream (one request for the whole folder, parsed
 * as it arrives into small records), not folder by folder: for 100,000 files in 100 folders that
 * is one request instead of a hundred or more. A push needs it only when its local index does
 * not already hold the version's files ({@code LocalIndex.asVersion}).
 */
public record TreeListing(Map<String, File> files, Map<String, Link> links, Map<String, Long> folders) {
    /** One file; {@code mode} 0 when none was given. */
    public record File(long size, long mtime, String digest, int mode) {
        public File(long size, long mtime, String digest) {
            this(size, mtime, digest, 0);
        }
    }

    /** One symbolic link. */
    public record Link(String target, long mtime) {}

    /** Files only (what a local index believes a version holds). */
    public TreeListing(Map<String, File> files) {
        this(files, Map.of(), Map.of());
    }

    /** Lists everything under {@code dir}; an absent one is empty. */
    public static TreeListing of(ApiClient api, String team, Location.Remote dir) {
        Map<String, File> out = new HashMap<>();
        Map<String, Link> links = new HashMap<>();
        Map<String, Long> folders = new HashMap<>();
        boolean ended = false;
        boolean header = true;
        try (InputStream in = api.getStream(dir.url(team, "tree"));
                JsonParser p = ApiClient.JSON.getFactory().createParser(in)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.START_OBJECT)
                    throw new CliException("the server sent a listing line that is not a JSON object");
                if (ended) throw new CliException("the server's listing went on after its end");
                Line line = line(p);
                if (header) header = false; // the first line names the folder (and the version) listed
                else if (line.end()) ended = true;
                else if (line.path() == null) throw new CliException("the server listed an entry without a path");
                else if ("folder".equals(line.type())) folders.put(line.path(), line.mtime());
                else if ("symlink".equals(line.type())) links.put(line.path(), new Link(line.target(), line.mtime()));
                else out.put(line.path(), new File(line.size(), line.mtime(), line.digest(), line.mode()));
            }
        } catch (ApiClient.ProblemException e) {
            if (e.status() == 404) return new TreeListing(Map.of());
            throw e;
        } catch (IOException e) {
            throw new CliException("lost the connection to " + api.base() + ": " + e.getMessage(), 7);
        }
        // A stream cut short (the server stopped mid-way) must not look like a version with fewer files.
        if (!ended) throw new CliException("the server's listing of " + dir + " ended early; try again", 7);
        return new TreeListing(out, links, folders);
    }

    private record Line(
            String path, String type, String digest, long size, long mtime, int mode, String target, boolean end) {}

    private static Line line(JsonParser p) throws IOException {
        String path = null, type = null, digest = null, target = null;
        int mode = 0;
        long size = -1, mtime = -1;
        boolean end = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "path" -> path = p.getText();
                case "type" -> type = p.getText();
                case "digest" -> digest = p.getText();
                case "size" -> size = p.getLongValue();
                case "mtime" -> mtime = p.getLongValue();
                case "mode" -> mode = FileModes.parse(p.getText());
                case "target" -> target = p.getText();
                case "end" -> end = p.getBooleanValue();
                default -> p.skipChildren();
            }
        }
        return new Line(path, type, digest, size, mtime, mode, target, end);
    }
}

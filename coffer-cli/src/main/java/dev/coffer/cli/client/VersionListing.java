package dev.coffer.cli.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Every file of a dataset version with what a push compares (size, mtime, digest).
 *
 * <p>It is read from the server's {@code tree} stream (one request for the whole version,
 * parsed as it arrives into small records), not folder by folder: for 100,000 files in 100
 * folders that is one request instead of a hundred or more. A push needs it only when its local
 * index does not already hold the version's files ({@code LocalIndex.asVersion}).
 */
public record VersionListing(Map<String, File> files) {
    /** One file of the version. */
    public record File(long size, long mtime, String digest) {}

    /** Lists everything under {@code dir} (a folder of a version); an absent one is empty. */
    public static VersionListing of(ApiClient api, String team, Location.Remote dir) {
        Map<String, File> out = new HashMap<>();
        boolean ended = false;
        try (InputStream in = api.getStream(dir.url(team, "tree")); JsonParser p = ApiClient.JSON.getFactory().createParser(in)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.START_OBJECT) throw new CliException("the server sent a listing line that is not a JSON object");
                if (ended) throw new CliException("the server's listing went on after its end");
                Line line = line(p);
                if (line.end()) ended = true;
                else if (line.version() != null) continue; // the first line names the version listed
                else if (line.path() == null) throw new CliException("the server listed an entry without a path");
                else if (!"folder".equals(line.type())) out.put(line.path(), new File(line.size(), line.mtime(), line.digest()));
            }
        } catch (ApiClient.ProblemException e) {
            if (e.status() == 404) return new VersionListing(Map.of());
            throw e;
        } catch (IOException e) {
            throw new CliException("lost the connection to " + api.base() + ": " + e.getMessage(), 7);
        }
        // A stream cut short (the server stopped mid-way) must not look like a version with fewer files.
        if (!ended) throw new CliException("the server's listing of " + dir + " ended early; try again", 7);
        return new VersionListing(out);
    }

    private record Line(String path, String type, String digest, long size, long mtime, Long version, boolean end) {}

    private static Line line(JsonParser p) throws IOException {
        String path = null, type = null, digest = null;
        long size = -1, mtime = -1;
        Long version = null;
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
                case "version" -> version = p.getLongValue();
                case "end" -> end = p.getBooleanValue();
                default -> p.skipChildren();
            }
        }
        return new Line(type == null ? null : path, type, digest, size, mtime, type == null ? version : null, end);
    }
}

package dev.coffer.cli.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every file of a dataset version with what a push compares (size, mtime, digest), and the
 * version number each page of the listing said it came from.
 *
 * <p>Unlike {@link RemoteTree} it reads each page as a stream into small records instead of a
 * JSON tree: a 100,000-file version is 100,000 tree nodes of five fields otherwise, built while
 * the local walk competes for the same cores. And since every page names its version, a push can
 * list by the ref it was given (e.g. the latest) at the same time as it resolves that ref, then
 * check that the two agree ({@link #versions()}).
 */
public record VersionListing(Map<String, File> files, Set<Long> versions) {
    /** One file of the version. */
    public record File(long size, long mtime, String digest) {}

    /** Lists {@code dir} (a folder of a version); an absent one is empty. */
    public static VersionListing of(ApiClient api, String team, Location.Remote dir, int parallel) {
        Map<String, File> out = new ConcurrentHashMap<>();
        Set<Long> versions = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel), r -> {
            Thread t = new Thread(r, "coffer-list");
            t.setDaemon(true);
            return t;
        });
        try {
            List<String> level = List.of("");
            while (!level.isEmpty()) {
                List<Future<List<String>>> listed = new ArrayList<>();
                for (String prefix : level) {
                    Location.Remote folder = prefix.isEmpty() ? dir : dir.child(prefix.substring(0, prefix.length() - 1));
                    listed.add(pool.submit(() -> listOne(api, team, folder, prefix, out, versions)));
                }
                List<String> next = new ArrayList<>();
                for (Future<List<String>> f : listed) next.addAll(f.get());
                level = next;
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiClient.ProblemException p && p.status() == 404) return new VersionListing(Map.of(), Set.copyOf(versions));
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new CliException("listing failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", 130);
        } finally {
            pool.shutdownNow();
        }
        return new VersionListing(out, Set.copyOf(versions));
    }

    /** Lists one folder (all its pages); returns its sub-folders as prefixes ending in '/'. */
    private static List<String> listOne(ApiClient api, String team, Location.Remote dir, String prefix, Map<String, File> out, Set<Long> versions) {
        List<String> folders = new ArrayList<>();
        String after = null;
        do {
            String url = dir.url(team, "list") + "?limit=1000" + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            try (InputStream in = api.getStream(url); JsonParser p = ApiClient.JSON.getFactory().createParser(in)) {
                after = page(p, prefix, out, folders, versions);
            } catch (IOException e) {
                throw new CliException("lost the connection to " + api.base() + ": " + e.getMessage(), 7);
            }
        } while (after != null);
        return folders;
    }

    /** Reads one page; returns its {@code next} (null on the last page). */
    private static String page(JsonParser p, String prefix, Map<String, File> out, List<String> folders, Set<Long> versions) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) throw new CliException("the server sent a listing that is not a JSON object");
        String next = null;
        boolean sawVersion = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "version" -> {
                    versions.add(p.getLongValue());
                    sawVersion = true;
                }
                case "next" -> next = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "entries" -> {
                    if (value != JsonToken.START_ARRAY) throw new CliException("the server sent a listing whose entries are not a list");
                    while (p.nextToken() == JsonToken.START_OBJECT) entry(p, prefix, out, folders);
                }
                default -> p.skipChildren();
            }
        }
        if (!sawVersion) versions.add(-1L); // a listing that does not say its version cannot be trusted to be the parent
        return next;
    }

    private static void entry(JsonParser p, String prefix, Map<String, File> out, List<String> folders) throws IOException {
        String name = null, type = null, digest = null;
        long size = -1, mtime = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> name = p.getText();
                case "type" -> type = p.getText();
                case "digest" -> digest = p.getText();
                case "size" -> size = p.getLongValue();
                case "mtime" -> mtime = p.getLongValue();
                default -> p.skipChildren();
            }
        }
        if (name == null) throw new CliException("the server listed an entry without a name");
        if ("folder".equals(type)) folders.add(prefix + name + "/");
        else out.put(prefix + name, new File(size, mtime, digest));
    }
}

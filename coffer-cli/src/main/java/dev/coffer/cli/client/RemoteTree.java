package dev.coffer.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every file under a remote folder, listed page by page, keyed by its path relative to the
 * folder. Sub-folders are listed several at a time: a tree of many small folders costs round
 * trips, not server work.
 */
public final class RemoteTree {
    private RemoteTree() {}

    /** The files under {@code dir}; an absent folder is an empty map. */
    public static Map<String, JsonNode> files(ApiClient api, String team, Location.Remote dir, int parallel) {
        Map<String, JsonNode> out = new ConcurrentSkipListMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try {
            List<String> level = List.of("");
            while (!level.isEmpty()) {
                List<Future<List<String>>> listed = new ArrayList<>();
                for (String prefix : level) {
                    Location.Remote folder = prefix.isEmpty() ? dir : dir.child(prefix.substring(0, prefix.length() - 1));
                    listed.add(pool.submit(() -> listOne(api, team, folder, prefix, out)));
                }
                List<String> next = new ArrayList<>();
                for (Future<List<String>> f : listed) next.addAll(f.get());
                level = next;
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiClient.ProblemException p && p.status() == 404) return Map.of();
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new CliException("listing failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", 130);
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /** Lists one folder (all its pages); returns its sub-folders as prefixes ending in '/'. */
    private static List<String> listOne(ApiClient api, String team, Location.Remote dir, String prefix, Map<String, JsonNode> out) {
        List<String> folders = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = api.getJson(dir.url(team, "list") + "?limit=1000"
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)));
            for (JsonNode e : page.path("entries")) {
                String name = e.path("name").asText();
                if (e.path("type").asText().equals("folder")) folders.add(prefix + name + "/");
                else out.put(prefix + name, e);
            }
            after = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (after != null);
        return folders;
    }
}

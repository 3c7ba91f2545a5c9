package dev.coffer.server.http;

import java.util.Map;
import java.util.Set;

/**
 * Stable action names for the audit log, by method and route template. Volume routes are
 * looked up with their kind ({@code storage}, {@code notebooks}) as {@code {kind}} and without a
 * trailing {@code /<path>}, so one name covers a volume's root and every path in it. A route
 * missing here is still recorded, as {@code METHOD template}: add it when its name matters.
 */
final class AuditActions {
    private static final String VOLUME = "/api/v1/teams/{team}/{kind}/{volume}";
    private static final String SOURCE = "/api/v1/teams/{team}/sources/{name}";

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("GET /api/v1/me", "me"),
            Map.entry("GET /api/v1/teams", "teams.list"),
            Map.entry("GET /api/v1/clusters", "clusters.list"),
            Map.entry("POST /api/v1/clusters", "clusters.create"),
            Map.entry("GET /api/v1/teams/{team}/notebooks", "notebooks.list"),
            Map.entry("POST /api/v1/teams/{team}/notebooks", "notebooks.create"),
            Map.entry("POST /api/v1/teams/{team}/notebooks/{name}/state", "notebooks.state"),
            Map.entry("DELETE /api/v1/teams/{team}/notebooks/{name}", "notebooks.delete"),
            Map.entry("GET /api/v1/teams/{team}/notebooks/{name}/mounts", "notebooks.mounts.list"),
            Map.entry("PUT /api/v1/teams/{team}/notebooks/{name}/mounts/{mount}", "notebooks.mounts.set"),
            Map.entry("DELETE /api/v1/teams/{team}/notebooks/{name}/mounts/{mount}", "notebooks.mounts.delete"),
            Map.entry("POST /api/v1/teams/{team}/chunks/missing", "chunks.missing"),
            Map.entry("PUT /api/v1/teams/{team}/chunks/{hash}", "chunks.upload"),
            Map.entry("POST /api/v1/teams/{team}/chunks/batch", "chunks.upload-batch"),
            Map.entry("POST /api/v1/public/chunks/missing", "chunks.missing"),
            Map.entry("PUT /api/v1/public/chunks/{hash}", "chunks.upload"),
            Map.entry("POST /api/v1/public/chunks/batch", "chunks.upload-batch"),
            Map.entry("POST /api/v1/admin/gc", "admin.gc"),
            Map.entry("POST /api/v1/admin/fsck", "admin.fsck"),
            Map.entry("POST /api/v1/admin/backup-check", "admin.backup-check"),
            Map.entry("GET /api/v1/admin/traffic", "admin.traffic"),
            Map.entry("GET /api/v1/teams/{team}/secrets", "secrets.list"),
            Map.entry("PUT /api/v1/teams/{team}/secrets/{name}", "secrets.set"),
            Map.entry("DELETE /api/v1/teams/{team}/secrets/{name}", "secrets.delete"),
            Map.entry("GET /api/v1/teams/{team}/sources", "sources.list"),
            Map.entry("GET /api/v1/teams/{team}/sources/{name}", "sources.show"),
            Map.entry("POST /api/v1/teams/{team}/sources/{name}", "sources.create"),
            Map.entry("PATCH /api/v1/teams/{team}/sources/{name}", "sources.update"),
            Map.entry("DELETE /api/v1/teams/{team}/sources/{name}", "sources.delete"),
            Map.entry("GET " + SOURCE + "/list", "sources.files.list"),
            Map.entry("GET " + SOURCE + "/stat", "sources.files.stat"),
            Map.entry("GET " + SOURCE + "/files", "sources.files.read"),
            Map.entry("PUT " + SOURCE + "/files", "sources.files.write"),
            Map.entry("DELETE " + SOURCE + "/files", "sources.files.delete"),
            Map.entry("POST " + SOURCE + "/mkdir", "sources.files.mkdir"),
            Map.entry("POST " + SOURCE + "/move", "sources.files.move"),
            Map.entry("POST " + SOURCE + "/copy", "sources.files.export"),
            Map.entry("GET /api/v1/audit", "audit.list"),
            Map.entry("GET " + VOLUME + "/files", "files.download"),
            Map.entry("HEAD " + VOLUME + "/files", "files.download"),
            Map.entry("PUT " + VOLUME + "/files", "files.upload"),
            Map.entry("DELETE " + VOLUME + "/files", "files.delete"),
            Map.entry("GET " + VOLUME + "/list", "files.list"),
            Map.entry("GET " + VOLUME + "/stat", "files.stat"),
            Map.entry("POST " + VOLUME + "/mkdir", "files.mkdir"),
            Map.entry("GET " + VOLUME + "/manifest", "files.manifest"),
            Map.entry("POST " + VOLUME + "/manifest", "files.commit"),
            Map.entry("POST " + VOLUME + "/manifests", "files.commit-batch"),
            Map.entry("GET " + VOLUME + "/chunks/{hash}", "files.chunk"),
            Map.entry("POST " + VOLUME + "/move", "files.move"),
            Map.entry("POST " + VOLUME + "/copy", "files.copy"));

    /**
     * Routes whose successful calls are not recorded although their method is one that changes
     * things. {@code chunks.missing} only asks a question; chunk uploads store content-addressed
     * bytes that belong to nobody until a file commit refers to them, and that commit is recorded
     * (a 5 GB upload would otherwise add thousands of events). Their refusals are still recorded.
     */
    /**
     * Reads that are recorded even when allowed: a file read from a team's own bucket (the bucket
     * holds data the team may be accountable for elsewhere, and its key is used on their behalf).
     * Listings and stats are not, or a mount's browsing would flood the log.
     */
    private static final Set<String> RECORDED_READS = Set.of("sources.files.read");

    static boolean recordedWhenAllowed(String action) {
        return RECORDED_READS.contains(action);
    }

    private static final Set<String> QUIET_WHEN_ALLOWED =
            Set.of("chunks.missing", "chunks.upload", "chunks.upload-batch");

    private AuditActions() {}

    /** The action name of {@code method} on {@code template} (null when no route matched). */
    static String name(String method, String template) {
        if (template == null) return method + " (no such route)";
        String key = method + " " + normalise(template);
        String name = NAMES.get(key);
        return name != null ? name : method + " " + template;
    }

    static boolean quietWhenAllowed(String action) {
        return QUIET_WHEN_ALLOWED.contains(action);
    }

    private static String normalise(String template) {
        String t =
                template.endsWith("/<path>") ? template.substring(0, template.length() - "/<path>".length()) : template;
        for (String kind : new String[] {"storage", "notebooks"}) {
            String prefix = "/api/v1/teams/{team}/" + kind + "/{volume}/";
            if (t.startsWith(prefix)) return VOLUME + "/" + t.substring(prefix.length());
        }
        return t;
    }
}

package dev.coffer.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every file under a remote folder, listed page by page, keyed by its path relative to the folder. */
public final class RemoteTree {
    private RemoteTree() {}

    /** The files under {@code dir}; an absent folder is an empty map. */
    public static Map<String, JsonNode> files(ApiClient api, String team, Location.Remote dir) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try {
            collect(api, team, dir, "", out);
        } catch (ApiClient.ProblemException e) {
            if (e.status() != 404) throw e;
        }
        return out;
    }

    private static void collect(ApiClient api, String team, Location.Remote dir, String prefix, Map<String, JsonNode> out) {
        String after = null;
        do {
            JsonNode page = api.getJson(dir.url(team, "list") + "?limit=1000"
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)));
            for (JsonNode e : page.path("entries")) {
                String name = e.path("name").asText();
                if (e.path("type").asText().equals("folder")) collect(api, team, dir.child(name), prefix + name + "/", out);
                else out.put(prefix + name, e);
            }
            after = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (after != null);
    }
}

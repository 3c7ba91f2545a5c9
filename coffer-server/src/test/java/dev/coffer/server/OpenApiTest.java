package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document describes every route the server answers, and a browsable page shows it. */
class OpenApiTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void every_route_the_server_answers_is_described_by_the_openapi_document() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            HttpResponse<byte[]> r = s.get("/api/v1/openapi.json", "Authorization", null);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode doc = JSON.readTree(r.body());
            assertThat(doc.path("openapi").asText()).startsWith("3.");

            TreeSet<String> described = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    described.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                    assertThat(op.getValue().path("summary").asText())
                            .as(op.getKey() + " " + path.getKey())
                            .isNotBlank();
                    assertPathParametersDeclared(path.getKey(), op.getValue());
                }
            }
            TreeSet<String> routed = new TreeSet<>();
            for (String route : s.server().routes()) routed.add(route.replaceAll("<([^>]+)>", "{$1}"));
            // Static assets, the web UI's pages and the before- and after-handlers (request ids, timing, the audit
            // trail) are not API routes.
            routed.removeIf(route -> route.startsWith("GET /webjars")
                    || route.startsWith("AFTER ")
                    || route.startsWith("BEFORE ")
                    || route.equals("GET /")
                    || route.equals("GET /login")
                    || route.startsWith("GET /ui/"));
            assertThat(routed).as("routes of the server").hasSizeGreaterThan(40);
            assertThat(described).as("the document describes every route").containsAll(routed);
            assertThat(routed)
                    .as("the document describes no route that does not exist")
                    .containsAll(described);
        }
    }

    @Test
    void every_route_declares_what_it_answers_with_a_schema_for_each_body() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            JsonNode doc = JSON.readTree(
                    s.get("/api/v1/openapi.json", "Authorization", null).body());
            List<String> undescribed = new ArrayList<>();
            int described = 0;
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    String route = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                    JsonNode responses = op.getValue().path("responses");
                    boolean any = false;
                    for (Iterator<Map.Entry<String, JsonNode>> rs = responses.fields(); rs.hasNext(); ) {
                        Map.Entry<String, JsonNode> r = rs.next();
                        if (!r.getKey().startsWith("2")) continue;
                        if (r.getKey().equals("2XX")) {
                            undescribed.add(route + " (no declared response)");
                            continue;
                        }
                        any = true;
                        boolean bodiless =
                                r.getKey().equals("204") || op.getKey().equals("head");
                        if (bodiless) continue;
                        JsonNode content = r.getValue().path("content");
                        if (content.isEmpty()) undescribed.add(route + " " + r.getKey() + " (no content)");
                        content.fields().forEachRemaining(media -> {
                            if (media.getValue().path("schema").isEmpty())
                                undescribed.add(route + " " + r.getKey() + " " + media.getKey() + " (no schema)");
                        });
                        JsonNode json = content.path("application/json").path("schema");
                        if (!json.isMissingNode() && !json.has("$ref") && !route.equals("GET /api/v1/openapi.json")) {
                            undescribed.add(route + " " + r.getKey() + " (a JSON body without a named schema)");
                        }
                    }
                    if (any) described++;
                }
            }
            assertThat(undescribed)
                    .as("routes whose answers the document does not describe")
                    .isEmpty();
            assertThat(described).isGreaterThan(60);
        }
    }

    /**
     * The copy in the repository ({@code docs/api/openapi.json}) is what the server serves:
     * clients are generated from it at build time ({@code coffer-client-test}), and reviewers
     * see API changes in its diff. After a change to the API, refresh it with
     * {@code -Dtest=OpenApiTest -Dcoffer.openapi.write=true}.
     */
    @Test
    void the_committed_copy_of_the_document_is_what_the_server_serves() throws Exception {
        Path committed = Path.of("..", "docs", "api", "openapi.json");
        try (TestServer s = TestServer.start(data)) {
            JsonNode served = JSON.readTree(
                    s.get("/api/v1/openapi.json", "Authorization", null).body());
            String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n";
            if (Boolean.getBoolean("coffer.openapi.write")) {
                Files.createDirectories(committed.getParent());
                Files.writeString(committed, text);
            }
            Path fresh = Path.of("target", "openapi.json");
            Files.writeString(fresh, text);
            assertThat(Files.exists(committed)).as(committed + " exists").isTrue();
            assertThat(JSON.readTree(committed.toFile()))
                    .as("the committed " + committed.normalize() + " differs from what the server serves (written to "
                            + fresh
                            + "); refresh it with ./mvnw verify -pl coffer-server -am -Dtest=OpenApiTest -Dsurefire.failIfNoSpecifiedTests=false"
                            + " -Dcoffer.openapi.write=true")
                    .isEqualTo(served);
        }
    }

    private static void assertPathParametersDeclared(String path, JsonNode op) {
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path);
        TreeSet<String> declared = new TreeSet<>();
        op.path("parameters").forEach(p -> {
            if (p.path("in").asText().equals("path"))
                declared.add(p.path("name").asText());
        });
        while (m.find()) assertThat(declared).as("path parameters of " + path).contains(m.group(1));
    }

    @Test
    void the_api_page_renders_the_document_with_swagger_ui_served_by_the_server() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            HttpResponse<byte[]> page = s.get("/api/docs", "Authorization", null);
            assertThat(page.statusCode()).isEqualTo(200);
            String html = new String(page.body(), StandardCharsets.UTF_8);
            assertThat(html).contains("/api/v1/openapi.json");
            Matcher script =
                    Pattern.compile("src=\"([^\"]+swagger-ui-bundle\\.js)\"").matcher(html);
            assertThat(script.find()).isTrue();
            HttpResponse<byte[]> js = s.get(script.group(1), "Authorization", null);
            assertThat(js.statusCode()).isEqualTo(200);
            assertThat(js.body().length).isGreaterThan(100_000);
        }
    }
}

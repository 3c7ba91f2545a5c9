package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served OpenAPI document is valid for a third-party parser (swagger-parser, what the client
 * generators use), and every success answer that has a body has a schema that resolves.
 */
class OpenApiValidationTest {
    /** Bodies that are bytes, not JSON: they need a media type, not a JSON schema. */
    static final Set<String> BINARY =
            Set.of("application/octet-stream", "application/zip", "application/x-tar", "text/html");

    @TempDir
    Path data;

    @Test
    void the_served_document_parses_without_a_message_and_every_success_body_has_a_schema() throws Exception {
        String json;
        try (TestServer s = TestServer.start(data)) {
            HttpResponse<byte[]> r = s.get("/api/v1/openapi.json", "Authorization", null);
            assertThat(r.statusCode()).isEqualTo(200);
            json = new String(r.body(), StandardCharsets.UTF_8);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
        assertThat(result.getMessages())
                .as("what swagger-parser says about the document")
                .isEmpty();
        // The parser does complain about a malformed document, so its silence above means something.
        String broken = json.replaceFirst("\"responses\":\\{", "\"responses\":7,\"response\":{");
        assertThat(new OpenAPIV3Parser().readContents(broken, null, options).getMessages())
                .isNotEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getSpecVersion()).isEqualTo(SpecVersion.V31);
        Map<String, Schema> components = api.getComponents().getSchemas();

        List<String> wrong = new ArrayList<>();
        int bodies = 0;
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> op :
                    path.getValue().readOperationsMap().entrySet()) {
                String route = op.getKey() + " " + path.getKey();
                for (Map.Entry<String, ApiResponse> answer :
                        op.getValue().getResponses().entrySet()) {
                    String status = answer.getKey();
                    if (!status.startsWith("2") || status.equals("204") || op.getKey() == PathItem.HttpMethod.HEAD)
                        continue;
                    var content = answer.getValue().getContent();
                    if (content == null || content.isEmpty()) {
                        wrong.add(route + " " + status + ": no body described");
                        continue;
                    }
                    for (Map.Entry<String, MediaType> media : content.entrySet()) {
                        if (BINARY.contains(media.getKey())) continue;
                        Schema<?> schema = media.getValue().getSchema();
                        if (schema == null) {
                            wrong.add(route + " " + status + " " + media.getKey() + ": no schema");
                            continue;
                        }
                        bodies++;
                        String ref = schema.get$ref();
                        if (ref != null && !components.containsKey(ref.substring(ref.lastIndexOf('/') + 1))) {
                            wrong.add(route + " " + status + ": " + ref + " does not resolve");
                        }
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(bodies).as("success bodies with a schema").isGreaterThan(100);
        // Every schema a component refers to exists too (nested records, enums).
        for (Map.Entry<String, Schema> c : components.entrySet()) {
            collectRefs(c.getValue(), c.getKey(), components, wrong);
        }
        assertThat(wrong).isEmpty();
    }

    private static void collectRefs(Schema<?> s, String where, Map<String, Schema> components, List<String> wrong) {
        if (s == null) return;
        if (s.get$ref() != null
                && !components.containsKey(s.get$ref().substring(s.get$ref().lastIndexOf('/') + 1))) {
            wrong.add(where + ": " + s.get$ref() + " does not resolve");
        }
        if (s.getProperties() != null)
            s.getProperties().forEach((name, p) -> collectRefs(p, where + "." + name, components, wrong));
        collectRefs(s.getItems(), where + "[]", components, wrong);
        if (s.getOneOf() != null) s.getOneOf().forEach(o -> collectRefs(o, where, components, wrong));
    }
}

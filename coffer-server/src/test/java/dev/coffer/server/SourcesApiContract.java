package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * External data sources over the real HTTP API: their lifecycle, every refusal (a plan without
 * data sources, region and endpoint both or neither, a secret that does not exist, a literal key
 * where {@code secret:NAME} belongs, a non-member, a viewer or member changing one), and the
 * secret's value appearing in no answer and no log line.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class SourcesApiContract extends ApiContract {
    static final String TEAM = "/api/v1/teams/default";
    static final String SOURCES = TEAM + "/sources";
    private static final String KEY_VALUE = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";

    final List<HttpResponse<byte[]>> responses = new ArrayList<>();

    HttpResponse<byte[]> call(String method, String path, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        HttpResponse<byte[]> r =
                server.send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), all);
        responses.add(r);
        return r;
    }

    static String spec(String url, String secretRef, String regionOrEndpoint) {
        return "{\"url\": \"" + url + "\", \"accessKeyId\": \"AKIAEXAMPLE\", \"secretAccessKey\": \"" + secretRef + "\""
                + (regionOrEndpoint.isEmpty() ? "" : ", " + regionOrEndpoint) + "}";
    }

    void onPlan(String plan) {
        HttpResponse<byte[]> r = call("PUT", TEAM + "/plan", "{\"plan\": \"" + plan + "\"}");
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    }

    void setSecret(String name) {
        HttpResponse<byte[]> r = call("PUT", TEAM + "/secrets/" + name, "{\"value\": \"" + KEY_VALUE + "\"}");
        assertThat(r.statusCode()).as(text(r)).isIn(200, 201);
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** A problem answer with {@code status} whose detail contains every one of {@code words}. */
    void refused(HttpResponse<byte[]> r, int status, String... words) throws Exception {
        assertThat(r.statusCode()).as(text(r)).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(r).path("detail").asText()).contains(words);
    }

    long sourceRows() {
        return db().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM data_sources")
                .mapTo(Long.class)
                .one());
    }

    @Test
    void a_source_is_added_shown_changed_and_deleted_and_never_carries_the_key() throws Exception {
        onPlan("pro");
        setSecret("bucket-key");

        HttpResponse<byte[]> created = call(
                "POST",
                SOURCES + "/reports",
                spec("s3://my-bucket/team/data/", "secret:bucket-key", "\"region\": \"us-west-1\""));
        assertThat(created.statusCode()).as(text(created)).isEqualTo(201);
        JsonNode c = json(created);
        assertThat(c.path("name").asText()).isEqualTo("reports");
        assertThat(c.path("url").asText()).as("the trailing slash is dropped").isEqualTo("s3://my-bucket/team/data");
        assertThat(c.path("accessKeyId").asText()).isEqualTo("AKIAEXAMPLE");
        assertThat(c.path("secretAccessKey").asText()).isEqualTo("secret:bucket-key");
        assertThat(c.path("region").asText()).isEqualTo("us-west-1");
        assertThat(c.path("endpoint").isNull()).isTrue();
        assertThat(c.path("pathStyle").asBoolean())
                .as("AWS: virtual-host addressing")
                .isFalse();

        JsonNode list = json(call("GET", SOURCES, null)).path("sources");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("url").asText()).isEqualTo("s3://my-bucket/team/data");
        assertThat(json(call("GET", SOURCES + "/reports", null))
                        .path("secretAccessKey")
                        .asText())
                .isEqualTo("secret:bucket-key");

        // An endpoint replaces the region, and path-style addressing comes with it.
        HttpResponse<byte[]> moved =
                call("PATCH", SOURCES + "/reports", "{\"endpoint\": \"HTTPS://Nyc3.DigitalOceanSpaces.com/\"}");
        assertThat(moved.statusCode()).as(text(moved)).isEqualTo(200);
        JsonNode m = json(moved);
        assertThat(m.path("region").isNull()).isTrue();
        assertThat(m.path("endpoint").asText()).isEqualTo("https://nyc3.digitaloceanspaces.com");
        assertThat(m.path("pathStyle").asBoolean()).isTrue();
        assertThat(m.path("url").asText()).as("fields not given are kept").isEqualTo("s3://my-bucket/team/data");

        assertThat(call("DELETE", SOURCES + "/reports", null).statusCode()).isEqualTo(204);
        refused(call("GET", SOURCES + "/reports", null), 404, "no data source named 'reports'");
        refused(call("DELETE", SOURCES + "/reports", null), 404, "reports");
        assertThat(sourceRows()).isZero();

        for (HttpResponse<byte[]> r : responses) assertThat(text(r)).doesNotContain(KEY_VALUE);
        assertThat(log.text()).doesNotContain(KEY_VALUE);
    }

    @Test
    void every_mistake_is_refused_with_what_to_write_and_changes_nothing() throws Exception {
        onPlan("pro");
        setSecret("bucket-key");
        String region = "\"region\": \"us-west-1\"";
        String endpoint = "\"endpoint\": \"http://127.0.0.1:9000\"";

        refused(
                call("POST", SOURCES + "/s", spec("s3://bucket/x", "secret:bucket-key", region + ", " + endpoint)),
                400,
                "not both");
        refused(
                call("POST", SOURCES + "/s", spec("s3://bucket/x", "secret:bucket-key", "")),
                400,
                "'region'",
                "'endpoint'");
        refused(
                call("POST", SOURCES + "/s", spec("s3://bucket/x", "secret:nope", region)),
                400,
                "'nope'",
                "does not exist");
        // A key pasted where secret:NAME belongs is refused without being quoted back.
        HttpResponse<byte[]> literal = call("POST", SOURCES + "/s", spec("s3://bucket/x", KEY_VALUE, region));
        refused(literal, 400, "secret:NAME");
        assertThat(text(literal)).doesNotContain(KEY_VALUE);
        refused(call("POST", SOURCES + "/s", spec("https://bucket/x", "secret:bucket-key", region)), 400, "s3://");
        refused(call("POST", SOURCES + "/s", spec("s3://Bad_Bucket", "secret:bucket-key", region)), 400, "bucket name");
        refused(call("POST", SOURCES + "/s", spec("s3://bucket/a//b", "secret:bucket-key", region)), 400, "prefix");
        refused(
                call("POST", SOURCES + "/s", spec("s3://bucket", "secret:bucket-key", "\"endpoint\": \"ftp://host\"")),
                400,
                "http://");
        refused(
                call(
                        "POST",
                        SOURCES + "/s",
                        spec("s3://bucket", "secret:bucket-key", "\"endpoint\": \"https://user:pw@host\"")),
                400,
                "user name or password");
        refused(
                call("POST", SOURCES + "/.hidden", spec("s3://bucket", "secret:bucket-key", region)),
                400,
                "data source name");
        HttpResponse<byte[]> broken =
                call("POST", SOURCES + "/s", "{\"url\": \"s3://bucket\", \"secretAccessKey\": \"" + KEY_VALUE);
        refused(broken, 400, "JSON");
        assertThat(text(broken)).doesNotContain(KEY_VALUE);
        assertThat(sourceRows()).isZero();

        assertThat(call("POST", SOURCES + "/s", spec("s3://bucket", "secret:bucket-key", region))
                        .statusCode())
                .isEqualTo(201);
        refused(call("POST", SOURCES + "/s", spec("s3://other", "secret:bucket-key", region)), 409, "already");
        refused(call("PATCH", SOURCES + "/s", "{" + region + ", " + endpoint + "}"), 400, "not both");
        refused(call("PATCH", SOURCES + "/s", "{\"secretAccessKey\": \"secret:gone\"}"), 400, "'gone'");
        refused(call("PATCH", SOURCES + "/missing", "{" + region + "}"), 404, "missing");
        assertThat(json(call("GET", SOURCES + "/s", null)).path("url").asText()).isEqualTo("s3://bucket");

        for (HttpResponse<byte[]> r : responses) assertThat(text(r)).doesNotContain(KEY_VALUE);
        assertThat(log.text()).doesNotContain(KEY_VALUE);
    }

    @Test
    void a_plan_without_data_sources_keeps_definitions_but_cannot_add_or_change_them() throws Exception {
        setSecret("bucket-key");
        String body = spec("s3://bucket", "secret:bucket-key", "\"region\": \"us-east-1\"");
        // New teams start on Free, which has no data sources: the refusal names the plans that do.
        refused(call("POST", SOURCES + "/s", body), 403, "Free", "Pro", "Growth", "Enterprise");
        assertThat(sourceRows()).isZero();

        onPlan("growth");
        assertThat(call("POST", SOURCES + "/s", body).statusCode()).isEqualTo(201);
        onPlan("free");
        assertThat(json(call("GET", SOURCES, null)).path("sources")).hasSize(1);
        refused(call("PATCH", SOURCES + "/s", "{\"region\": \"us-west-2\"}"), 403, "Free");
        String region = db().withHandle(h -> h.createQuery("SELECT region FROM data_sources")
                .mapTo(String.class)
                .one());
        assertThat(region).as("nothing changed").isEqualTo("us-east-1");
        assertThat(call("DELETE", SOURCES + "/s", null).statusCode()).isEqualTo(204);
    }

    @Test
    void owners_and_admins_manage_members_and_viewers_see_others_find_nothing() throws Exception {
        onPlan("pro");
        setSecret("bucket-key");
        String body = spec("s3://bucket", "secret:bucket-key", "\"region\": \"us-east-1\"");
        String admin = addUser("ada", "default", "admin");
        String member = addUser("mel", "default", "member");
        String viewer = addUser("vic", "default", "viewer");
        addTeam("elsewhere");
        String stranger = addUser("sam", "elsewhere", "owner");

        refused(call("POST", SOURCES + "/s", body, "Authorization", bearer(member)), 403, "admin");
        refused(call("POST", SOURCES + "/s", body, "Authorization", bearer(viewer)), 403, "admin");
        refused(call("POST", SOURCES + "/s", body, "Authorization", bearer(stranger)), 404, "no team named");
        assertThat(sourceRows()).isZero();

        assertThat(call("POST", SOURCES + "/s", body, "Authorization", bearer(admin))
                        .statusCode())
                .isEqualTo(201);
        for (String reader : List.of(member, viewer)) {
            assertThat(json(call("GET", SOURCES, null, "Authorization", bearer(reader)))
                            .path("sources"))
                    .hasSize(1);
            assertThat(call("GET", SOURCES + "/s", null, "Authorization", bearer(reader))
                            .statusCode())
                    .isEqualTo(200);
            refused(call("DELETE", SOURCES + "/s", null, "Authorization", bearer(reader)), 403, "admin");
        }
        refused(call("GET", SOURCES, null, "Authorization", bearer(stranger)), 404, "no team named");
        refused(call("GET", SOURCES + "/s", null, "Authorization", bearer(stranger)), 404, "no team named");
        assertThat(sourceRows()).isOne();

        // Changes are audited with the team.
        List<String> actions = db().withHandle(h -> h.createQuery(
                        "SELECT action || ' ' || outcome FROM audit_events WHERE action LIKE 'sources.%' ORDER BY id")
                .mapTo(String.class)
                .list());
        assertThat(actions).contains("sources.create ok", "sources.create denied");
    }
}

package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.audit.Actor;
import dev.coffer.audit.AuditEvent;
import dev.coffer.audit.Outcome;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The audit log over the real HTTP API: what is recorded, what is not, and who may read it. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class AuditApiContract extends ApiContract {
    static final String S = "/api/v1/teams/default/storage/default";

    JsonNode events(String query, String... headers) throws Exception {
        HttpResponse<byte[]> r = server.get("/api/v1/audit" + query, headers);
        assertThat(r.statusCode())
                .as(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        return json(r).path("events");
    }

    static List<String> actions(JsonNode events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.path("action").asText()));
        return out;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void changes_are_recorded_with_who_what_when_and_from_where() throws Exception {
        assertThat(server.put(S + "/files/reports/q1.csv?mtime=5", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(201);
        assertThat(server.post(S + "/mkdir/reports/archive", "{}").statusCode()).isEqualTo(201);
        assertThat(server.post(S + "/mkdir/reports/archive", "{}").statusCode()).isEqualTo(409);
        assertThat(server.send("DELETE", S + "/files/reports/q1.csv", null).statusCode())
                .isEqualTo(204);
        assertThat(server.put(
                                "/api/v1/teams/default/secrets/api-key",
                                "{\"value\":\"hunter2hunter2\"}".getBytes(StandardCharsets.UTF_8),
                                "Content-Type",
                                "application/json")
                        .statusCode())
                .isEqualTo(201);
        // Reads that succeed are not recorded, nor is the upload protocol's question about chunks.
        assertThat(server.get(S + "/list/reports").statusCode()).isEqualTo(200);
        assertThat(server.get(S + "/files/reports/archive").statusCode()).isEqualTo(409);
        assertThat(server.post("/api/v1/teams/default/chunks/missing", "{\"chunks\":[]}")
                        .statusCode())
                .isEqualTo(200);

        JsonNode events = events("");
        assertThat(actions(events))
                .containsExactly("secrets.set", "files.delete", "files.mkdir", "files.mkdir", "files.upload");
        JsonNode upload = events.get(4);
        assertThat(upload.path("actorKind").asText()).isEqualTo("user");
        assertThat(upload.path("actor").asText()).isEqualTo("admin");
        assertThat(upload.path("team").asText()).isEqualTo("default");
        assertThat(upload.path("teamId").asLong()).isEqualTo(teamId("default"));
        assertThat(upload.path("target").asText()).isEqualTo("/teams/default/storage/default/files/reports/q1.csv");
        assertThat(upload.path("outcome").asText()).isEqualTo("ok");
        assertThat(upload.path("remoteAddr").asText()).isEqualTo("127.0.0.1");
        assertThat(upload.path("at").asLong()).isEqualTo(clock.millis());
        assertThat(Instant.parse(upload.path("time").asText()).toEpochMilli())
                .isEqualTo(upload.path("at").asLong());
        assertThat(events.get(3).path("target").asText())
                .isEqualTo("/teams/default/storage/default/mkdir/reports/archive");
        assertThat(events.get(3).path("outcome").asText()).isEqualTo("ok");
        assertThat(events.get(2).path("outcome").asText()).isEqualTo("failed");
        assertThat(events.get(2).path("detail").asText()).contains("409");
        assertThat(events.get(1).path("target").asText())
                .isEqualTo("/teams/default/storage/default/files/reports/q1.csv");
        assertThat(events.get(0).path("target").asText()).isEqualTo("/teams/default/secrets/api-key");
        // Newest first, by id.
        assertThat(events.get(0).path("id").asLong())
                .isGreaterThan(events.get(1).path("id").asLong());
        // Neither the body nor the query string reaches the log.
        assertThat(events.toString()).doesNotContain("hunter2").doesNotContain("mtime");
    }

    @Test
    void refused_requests_are_recorded_as_denied_whatever_their_method() throws Exception {
        String badToken = "Bearer not-a-valid-token-0123456789";
        assertThat(server.put(S + "/files/x.txt", new byte[] {1}, "Authorization", badToken)
                        .statusCode())
                .isEqualTo(401);
        assertThat(server.get(S + "/list", "Authorization", badToken).statusCode())
                .isEqualTo(401);
        assertThat(server.get(S + "/list", "Authorization", null).statusCode()).isEqualTo(401);
        // Anonymous refusals are counted, then written together.
        assertThat(events("").size()).isZero();
        assertThat(server.server().housekeeping().flushAuditTally()).isEqualTo(2);

        String mallory = addUser("mallory", null, null);
        HttpResponse<byte[]> hidden = server.put(S + "/files/x.txt", new byte[] {1}, "Authorization", bearer(mallory));
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(server.get(S + "/list", "Authorization", bearer(mallory)).statusCode())
                .isEqualTo(404);
        assertThat(server.post("/api/v1/admin/gc", "{}", "Authorization", bearer(mallory))
                        .statusCode())
                .isEqualTo(403);
        // A plain "not found" is no refusal: a read of a missing file is not recorded.
        assertThat(server.get(S + "/stat/missing.txt").statusCode()).isEqualTo(404);

        JsonNode events = events("");
        assertThat(actions(events).subList(0, 3)).containsExactly("admin.gc", "files.list", "files.upload");
        assertThat(actions(events).subList(3, 5)).containsExactlyInAnyOrder("files.list", "files.upload");
        events.forEach(e -> assertThat(e.path("outcome").asText()).isEqualTo("denied"));
        for (int i = 3; i < 5; i++) {
            JsonNode counted = events.get(i);
            assertThat(counted.path("actorKind").asText()).isEqualTo("anonymous");
            assertThat(counted.path("actor").isNull()).isTrue();
            assertThat(counted.path("remoteAddr").asText()).isEqualTo("127.0.0.1");
            boolean list = counted.path("action").asText().equals("files.list");
            assertThat(counted.path("detail").asText()).startsWith("HTTP 401 x" + (list ? 2 : 1) + " from ");
            assertThat(counted.path("target").asText()).isEqualTo("(" + (list ? 2 : 1) + " requests)");
        }
        JsonNode attempt = events.get(2);
        assertThat(attempt.path("actor").asText()).isEqualTo("mallory");
        assertThat(attempt.path("team").asText()).isEqualTo("default");
        assertThat(attempt.path("target").asText()).isEqualTo("/teams/default/storage/default/files/x.txt");
        assertThat(attempt.path("remoteAddr").asText()).isEqualTo("127.0.0.1");
        assertThat(attempt.path("detail").asText()).contains("hidden");
        assertThat(events.get(0).path("actor").asText()).isEqualTo("mallory");
        assertThat(events.get(0).path("team").isNull()).isTrue();
        assertThat(events.toString()).doesNotContain(mallory).doesNotContain("not-a-valid-token");
    }

    @Test
    void a_flood_of_anonymous_refusals_becomes_one_row_per_address_action_and_status() throws Exception {
        for (int i = 0; i < 40; i++)
            assertThat(server.get(S + "/list", "Authorization", null).statusCode())
                    .isEqualTo(401);
        for (int i = 0; i < 5; i++) {
            assertThat(server.post(
                                    "/api/v1/login",
                                    "{\"name\":\"nobody" + i + "\",\"password\":\"wrong password " + i + "\"}",
                                    "Authorization",
                                    null)
                            .statusCode())
                    .isEqualTo(401);
        }
        assertThat(auditRows()).as("nothing written per request").isZero();
        assertThat(server.server().housekeeping().flushAuditTally()).isEqualTo(2);
        assertThat(server.server().housekeeping().flushAuditTally())
                .as("a count is written once")
                .isZero();
        JsonNode events = events("");
        assertThat(events.size()).isEqualTo(2);
        List<String> details = new ArrayList<>();
        events.forEach(e -> details.add(
                e.path("action").asText() + " " + e.path("detail").asText().replaceAll(" from .*", "")));
        assertThat(details).containsExactlyInAnyOrder("files.list HTTP 401 x40", "POST /api/v1/login HTTP 401 x5");
    }

    long auditRows() {
        return server.server()
                .database()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit_events")
                        .mapTo(Long.class)
                        .one());
    }

    @Test
    void audit_events_and_sign_in_failures_past_their_retention_are_purged() throws Exception {
        restart(Map.of("COFFER_AUDIT_RETENTION", "30d", "COFFER_LOGIN_FAILURE_RETENTION", "1h"));
        var audit = server.server().audit();
        // One event, another two days later; 29 days after that, the first is past 30 days and the second is not.
        audit.record(new AuditEvent(Actor.ANONYMOUS, null, "old.event", "/x", Outcome.OK, "127.0.0.1", "test"));
        clock.advance(Duration.ofDays(2));
        audit.record(new AuditEvent(Actor.ANONYMOUS, null, "recent.event", "/x", Outcome.OK, "127.0.0.1", "test"));
        clock.advance(Duration.ofDays(29));
        long now = clock.millis();
        server.server().database().useWrite(h -> {
            for (Object[] row : new Object[][] {
                {"stale", now - 2 * 3600_000L, null},
                {"fresh", now - 60_000L, null},
                {"still.locked", now - 2 * 3600_000L, now + 3600_000L}
            }) {
                h.createUpdate(
                                "INSERT INTO login_failures (name, failures, first_failure_at, locked_until) VALUES (:n, 3, :f, :l)")
                        .bind("n", (String) row[0])
                        .bind("f", (Long) row[1])
                        .bind("l", (Long) row[2])
                        .execute();
            }
        });
        Housekeeping.Purged purged = server.server().housekeeping().purge(clock.millis());
        assertThat(purged.auditEvents()).isEqualTo(1);
        assertThat(purged.loginFailures()).isEqualTo(1);
        assertThat(actions(events(""))).containsExactly("recent.event");
        List<String> names = server.server()
                .database()
                .withHandle(h -> h.createQuery("SELECT name FROM login_failures ORDER BY name")
                        .mapTo(String.class)
                        .list());
        assertThat(names).containsExactly("fresh", "still.locked");
    }

    @Test
    void the_log_filters_by_team_actor_action_outcome_and_time_and_pages_by_id() throws Exception {
        addTeam("lab");
        String olivia = addUser("olivia", "lab", "owner");
        String lab = "/api/v1/teams/lab/storage/default";
        for (int i = 0; i < 5; i++) {
            assertThat(server.put(S + "/files/f" + i, new byte[] {(byte) i}).statusCode())
                    .isEqualTo(201);
        }
        clock.advance(Duration.ofSeconds(1));
        Instant middle = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        assertThat(server.put(lab + "/files/g", new byte[] {9}, "Authorization", bearer(olivia))
                        .statusCode())
                .isEqualTo(201);
        assertThat(server.post(lab + "/mkdir/d", "{}", "Authorization", bearer(olivia))
                        .statusCode())
                .isEqualTo(201);

        assertThat(actions(events("?team=lab"))).containsExactly("files.mkdir", "files.upload");
        assertThat(events("?actor=olivia")).hasSize(2);
        assertThat(events("?actor=admin")).hasSize(5);
        assertThat(actions(events("?action=files.upload"))).hasSize(6);
        assertThat(events("?outcome=denied")).isEmpty();
        assertThat(events("?since=" + enc(middle.toString()))).hasSize(2);
        assertThat(events("?until=" + enc(middle.toString()))).hasSize(5);
        assertThat(events("?team=default&action=files.upload&actor=admin&until=" + enc(middle.toString())))
                .hasSize(5);

        List<String> paged = new ArrayList<>();
        String query = "?action=files.upload&limit=2";
        int pages = 0;
        while (true) {
            HttpResponse<byte[]> r = server.get("/api/v1/audit" + query);
            JsonNode page = json(r);
            assertThat(page.path("events").size()).isLessThanOrEqualTo(2);
            page.path("events").forEach(e -> paged.add(e.path("target").asText()));
            pages++;
            if (page.path("next").isNull()) break;
            query = "?action=files.upload&limit=2&before=" + page.path("next").asLong();
        }
        assertThat(pages).isEqualTo(3);
        assertThat(paged)
                .containsExactly(
                        "/teams/lab/storage/default/files/g",
                        "/teams/default/storage/default/files/f4",
                        "/teams/default/storage/default/files/f3",
                        "/teams/default/storage/default/files/f2",
                        "/teams/default/storage/default/files/f1",
                        "/teams/default/storage/default/files/f0");

        for (String bad : List.of(
                "?limit=0",
                "?limit=1001",
                "?limit=ten",
                "?since=yesterday",
                "?until=2026-13-01T00:00:00Z",
                "?before=abc",
                "?before=0",
                "?outcome=maybe",
                "?since=2030-01-01T00:00:00Z&until=2020-01-01T00:00:00Z")) {
            HttpResponse<byte[]> r = server.get("/api/v1/audit" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        }
        assertThat(server.get("/api/v1/audit?team=no-such-team").statusCode()).isEqualTo(404);
    }

    @Test
    void team_owners_and_admins_read_their_teams_events_and_nobody_else_does() throws Exception {
        addTeam("lab");
        String owner = addUser("olivia", "lab", "owner");
        String teamAdmin = addUser("adam", "lab", "admin");
        String member = addUser("mia", "lab", "member");
        String outsider = addUser("mallory", null, null);
        assertThat(server.put(
                                "/api/v1/teams/lab/storage/default/files/g",
                                new byte[] {1},
                                "Authorization",
                                bearer(owner))
                        .statusCode())
                .isEqualTo(201);
        assertThat(server.put(S + "/files/f", new byte[] {1}).statusCode()).isEqualTo(201);

        for (String reader : List.of(owner, teamAdmin)) {
            JsonNode events = events("?team=lab", "Authorization", bearer(reader));
            assertThat(events).isNotEmpty();
            events.forEach(e -> assertThat(e.path("team").asText()).isEqualTo("lab"));
            assertThat(server.get("/api/v1/audit", "Authorization", bearer(reader))
                            .statusCode())
                    .isEqualTo(403);
            assertThat(server.get("/api/v1/audit?team=default", "Authorization", bearer(reader))
                            .statusCode())
                    .isEqualTo(404);
        }
        assertThat(server.get("/api/v1/audit?team=lab", "Authorization", bearer(member))
                        .statusCode())
                .isEqualTo(403);
        assertThat(server.get("/api/v1/audit", "Authorization", bearer(member)).statusCode())
                .isEqualTo(403);
        assertThat(server.get("/api/v1/audit?team=lab", "Authorization", bearer(outsider))
                        .statusCode())
                .isEqualTo(404);

        // Each refusal is itself in the log.
        JsonNode denied = events("?outcome=denied&action=audit.list");
        List<String> who = new ArrayList<>();
        denied.forEach(e -> who.add(e.path("actor").asText()));
        assertThat(who).containsExactly("mallory", "mia", "mia", "adam", "adam", "olivia", "olivia");
    }

    @Test
    void a_request_to_no_route_writes_no_audit_row() throws Exception {
        assertThat(server.post("/api/v1/no/such/route", "{}").statusCode()).isEqualTo(404);
        assertThat(server.send("DELETE", "/api/v1/no/such/route", null).statusCode())
                .isEqualTo(404);
        assertThat(server.post("/api/v1/no/such/route", "{}", "Authorization", null)
                        .statusCode())
                .isEqualTo(404);
        server.server().housekeeping().flushAuditTally();
        assertThat(auditRows()).isZero();
    }
}

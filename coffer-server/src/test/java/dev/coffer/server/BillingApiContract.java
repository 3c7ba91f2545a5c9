package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.access.Tokens;
import dev.coffer.billing.Meter;
import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import dev.coffer.server.config.CofferConfig;
import dev.coffer.testkit.Await;
import dev.coffer.testkit.Backend;
import dev.coffer.testkit.TestClock;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Plans, a team's plan, its bill and its utilization over the real HTTP API. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class BillingApiContract {
    @Parameter
    Backend backend;

    static final ObjectMapper JSON = new ObjectMapper();
    static final long GB = 1_000_000_000L;
    static final String TEAM = "/api/v1/teams/default";

    @TempDir
    Path tmp;

    static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    HttpResponse<byte[]> putPlan(TestServer s, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return s.send("PUT", TEAM + "/plan", body.getBytes(StandardCharsets.UTF_8), all);
    }

    /** A user who is a plain member of the default team; returns its token. */
    static String member(TestServer s, String name, boolean inDefaultTeam) {
        String token = "member-token-" + name + "-0123456789abcdef";
        s.server().database().useWrite(h -> {
            long user = h.createQuery("INSERT INTO users (name, is_admin, created_at) VALUES (:n, 0, 0) RETURNING id")
                    .bind("n", name)
                    .mapTo(Long.class)
                    .one();
            h.createUpdate("INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (:u, 'test', :h, 0)")
                    .bind("u", user)
                    .bind("h", Tokens.hash(token))
                    .execute();
            if (inDefaultTeam) {
                h.createUpdate(
                                "INSERT INTO team_members (team_id, user_id, role) SELECT id, :u, 'member' FROM teams WHERE name = 'default'")
                        .bind("u", user)
                        .execute();
            }
        });
        return token;
    }

    static long defaultTeam(TestServer s) {
        return s.server()
                .database()
                .withHandle(h -> h.createQuery("SELECT id FROM teams WHERE name = 'default'")
                        .mapTo(Long.class)
                        .one());
    }

    @Test
    void plans_come_from_the_config_file_and_the_plans_file_and_new_teams_start_on_the_default() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("coffer.yaml"), """
                plans:
                  growth:
                    included: 60GB
                """);
        Path plansFile = Files.writeString(tmp.resolve("plans.yaml"), """
                default: tiny
                tiny:
                  included: 5MB
                  hardLimit: true
                  dataSources: false
                pro:
                  price: 0.25
                """);
        try (TestServer s = TestServer.start(data, withBackend(Map.of("COFFER_PLANS_FILE", plansFile.toString())))) {
            JsonNode plans = json(s.get("/api/v1/plans"));
            assertThat(plans.path("default").asText()).isEqualTo("tiny");
            List<String> names = plans.path("plans")
                    .valueStream()
                    .map(p -> p.path("name").asText())
                    .toList();
            assertThat(names).containsExactly("free", "pro", "growth", "enterprise", "tiny");
            JsonNode pro = plans.path("plans").get(1);
            assertThat(pro.path("pricePerGbMonth").asText()).isEqualTo("0.25");
            assertThat(pro.path("includedBytes").asLong()).isEqualTo(15 * GB);
            assertThat(pro.path("included").asText()).isEqualTo("15 GB");
            assertThat(plans.path("plans").get(2).path("includedBytes").asLong())
                    .isEqualTo(60 * GB);
            JsonNode enterprise = plans.path("plans").get(3);
            assertThat(enterprise.path("includedBytes").isNull()).isTrue();
            assertThat(enterprise.path("unlimited").asBoolean()).isTrue();
            JsonNode tiny = plans.path("plans").get(4);
            assertThat(tiny.path("displayName").asText()).isEqualTo("Tiny");
            assertThat(tiny.path("includedBytes").asLong()).isEqualTo(5_000_000);
            assertThat(tiny.path("hardLimit").asBoolean()).isTrue();
            assertThat(tiny.path("billsOverage").asBoolean()).isFalse();
            assertThat(tiny.path("default").asBoolean()).isTrue();

            JsonNode plan = json(s.get(TEAM + "/plan"));
            assertThat(plan.path("plan").path("name").asText()).isEqualTo("tiny");
            assertThat(plan.path("since").isTextual())
                    .as("the first team's plan is recorded at its creation")
                    .isTrue();
        }
    }

    @Test
    void only_operators_change_a_teams_plan_and_bad_requests_change_nothing() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("data"), backend)) {
            String member = member(s, "mia", true);
            String outsider = member(s, "otto", false);

            assertThat(json(s.get(TEAM + "/plan")).path("plan").path("name").asText())
                    .isEqualTo("free");
            HttpResponse<byte[]> ok = putPlan(s, "{\"plan\":\"pro\"}");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(json(ok).path("plan").path("name").asText()).isEqualTo("pro");
            assertThat(json(ok).path("plan").path("dataSources").asBoolean()).isTrue();

            HttpResponse<byte[]> forbidden =
                    putPlan(s, "{\"plan\":\"enterprise\"}", "Authorization", "Bearer " + member);
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(json(forbidden).path("detail").asText()).contains("only server operators");
            assertThat(json(s.get(TEAM + "/plan", "Authorization", "Bearer " + member))
                            .path("plan")
                            .path("name")
                            .asText())
                    .isEqualTo("pro");
            assertThat(s.get(TEAM + "/plan", "Authorization", "Bearer " + outsider)
                            .statusCode())
                    .isEqualTo(404);
            assertThat(s.get(TEAM + "/bill", "Authorization", "Bearer " + outsider)
                            .statusCode())
                    .isEqualTo(404);

            HttpResponse<byte[]> unknown = putPlan(s, "{\"plan\":\"gold\"}");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(json(unknown).path("detail").asText())
                    .isEqualTo("no plan is named 'gold'; plans: free, pro, growth, enterprise");
            assertThat(putPlan(s, "{}").statusCode()).isEqualTo(400);
            assertThat(putPlan(s, "{\"plan\":5}").statusCode()).isEqualTo(400);
            assertThat(putPlan(s, "{\"plan\":\"pro\",\"extra\":1}").statusCode())
                    .isEqualTo(400);
            assertThat(s.send("PUT", "/api/v1/teams/ghost/plan", "{\"plan\":\"pro\"}".getBytes(StandardCharsets.UTF_8))
                            .statusCode())
                    .isEqualTo(404);
            assertThat(json(s.get(TEAM + "/plan")).path("plan").path("name").asText())
                    .isEqualTo("pro");
            long events = s.server()
                    .database()
                    .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM plan_events")
                            .mapTo(Long.class)
                            .one());
            assertThat(events).isEqualTo(2); // the default plan at creation, then pro
        }
    }

    @Test
    void the_bill_of_a_past_month_is_exact_and_the_current_month_projects_its_end() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("data"), backend)) {
            Database db = s.server().database();
            long team = defaultTeam(s);
            // History from before the server's first start: on Pro at 50 GB since 2025.
            db.useWrite(h -> {
                h.createUpdate("INSERT INTO plan_events (team_id, at, plan) VALUES (:t, :at, 'pro')")
                        .bind("t", team)
                        .bind("at", ms("2025-01-01T00:00:00Z"))
                        .execute();
                Meter.recordUsage(h, team, 50 * GB, ms("2025-01-01T00:00:00Z"));
            });
            assertThat(putPlan(s, "{\"plan\":\"pro\"}").statusCode()).isEqualTo(200);

            for (String month : List.of("2025-02", "2025-03", "2025-04")) {
                JsonNode bill = json(s.get(TEAM + "/bill?month=" + month));
                assertThat(bill.path("month").asText()).isEqualTo(month);
                assertThat(bill.path("amount").asText()).as(month).isEqualTo("10.15");
                assertThat(bill.path("amountCents").asLong()).isEqualTo(1015);
                assertThat(bill.path("amountExact").asText()).isEqualTo("10.15");
                assertThat(bill.path("overageGbMonths").asText()).isEqualTo("35");
                assertThat(bill.path("frozen").asBoolean()).isFalse();
                assertThat(bill.path("plan").asText()).isEqualTo("pro");
                JsonNode line = bill.path("lines").get(0);
                assertThat(line.path("peakOverageGb").asText()).isEqualTo("35");
                assertThat(line.path("includedBytes").asLong()).isEqualTo(15 * GB);
                assertThat(line.path("billed").asBoolean()).isTrue();
            }

            JsonNode now = json(s.get(TEAM + "/utilization?series=false"));
            assertThat(now.has("points")).isFalse();
            assertThat(now.path("usageBytes").asLong()).isEqualTo(50 * GB);
            assertThat(now.path("includedBytes").asLong()).isEqualTo(15 * GB);
            assertThat(now.path("overageBytes").asLong()).isEqualTo(35 * GB);
            // The month was on Pro except for the moments on Free between the first start and the change.
            BigDecimal projected =
                    new BigDecimal(now.path("projected").path("amountExact").asText());
            assertThat(projected).isLessThanOrEqualTo(new BigDecimal("10.15")).isGreaterThan(new BigDecimal("10.14"));
            assertThat(now.path("projected").path("amount").asText()).isEqualTo("10.15");
            BigDecimal soFar =
                    new BigDecimal(now.path("soFar").path("amountExact").asText());
            assertThat(soFar).isLessThanOrEqualTo(projected);
            JsonNode current = json(s.get(TEAM + "/bill"));
            assertThat(current.path("month").asText())
                    .isEqualTo(now.path("month").asText());
            assertThat(current.path("plan").asText()).contains("pro");
        }
    }

    @Test
    void utilization_gives_hourly_points_from_the_events() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("data"), backend)) {
            long team = defaultTeam(s);
            s.server().database().useWrite(h -> {
                Meter.recordUsage(h, team, 1 * GB, ms("2025-01-01T00:30:00Z"));
                Meter.recordUsage(h, team, 3 * GB, ms("2025-01-01T01:10:00Z"));
                Meter.recordUsage(h, team, 2 * GB, ms("2025-01-01T01:50:00Z"));
            });
            JsonNode u = json(s.get(TEAM + "/utilization?from=2025-01-01T00:00:00Z&to=2025-01-01T03:00:00Z&step=1h"));
            assertThat(u.path("stepSeconds").asLong()).isEqualTo(3600);
            assertThat(u.path("points")
                            .valueStream()
                            .map(p -> p.path("at").asText() + " "
                                    + p.path("usageBytes").asLong() + " "
                                    + p.path("maxBytes").asLong()))
                    .containsExactly(
                            "2025-01-01T00:00:00Z 0 1000000000",
                            "2025-01-01T01:00:00Z 1000000000 3000000000",
                            "2025-01-01T02:00:00Z 2000000000 2000000000");
            assertThat(u.path("usageBytes").asLong()).isEqualTo(2 * GB);
            assertThat(u.path("plan").path("name").asText()).isEqualTo("free");
            assertThat(u.path("soFar").path("amount").asText()).isEqualTo("0.00");
            long from = ms("2025-01-01T00:00:00Z");
            JsonNode byMillis =
                    json(s.get(TEAM + "/utilization?from=" + from + "&to=" + (from + 7_200_000) + "&step=30m"));
            assertThat(byMillis.path("points").size()).isEqualTo(4);
        }
    }

    @Test
    void bad_months_ranges_and_steps_are_refused_with_problems() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("data"), backend)) {
            for (String bad : List.of(
                    TEAM + "/bill?month=2026-13",
                    TEAM + "/bill?month=june",
                    TEAM + "/bill?month=9999-01",
                    TEAM + "/utilization?from=yesterday",
                    TEAM + "/utilization?step=0",
                    TEAM + "/utilization?step=often",
                    TEAM + "/utilization?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z",
                    TEAM + "/utilization?from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z&step=1m")) {
                HttpResponse<byte[]> r = s.get(bad);
                assertThat(r.statusCode()).as(bad).isEqualTo(400);
                assertThat(json(r).path("detail").asText()).as(bad).isNotBlank();
            }
            assertThat(json(s.get(TEAM + "/bill?month=june")).path("detail").asText())
                    .contains("YYYY-MM");
        }
    }

    @Test
    void configuration_still_refuses_unknown_keys_and_names_bad_plan_settings() throws Exception {
        Path file = Files.writeString(tmp.resolve("a.yaml"), "plan:\n  pro:\n    included: 5GB\n");
        assertThatThrownBy(() -> CofferConfig.load(file, Map.of(), Map.of()))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("unknown setting 'plan.pro.included'");
        Path badPrice = Files.writeString(tmp.resolve("b.yaml"), "port: 0\nplans:\n  pro:\n    price: cheap\n");
        assertThatThrownBy(() -> CofferConfig.load(badPrice, Map.of(), Map.of()))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("plans.pro.price")
                .hasMessageContaining("'cheap' is not a price");
        assertThatThrownBy(() -> CofferConfig.load(
                        null,
                        Map.of("COFFER_PLANS_FILE", tmp.resolve("none.yaml").toString()),
                        Map.of("data", tmp.toString())))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("COFFER_PLANS_FILE");
        Path wrapped = Files.writeString(tmp.resolve("c.yaml"), "plans:\n  default: pro\n");
        CofferConfig config = CofferConfig.load(
                null, Map.of("COFFER_PLANS_FILE", wrapped.toString()), Map.of("data", tmp.toString()));
        assertThat(config.plans().defaultPlan().name()).isEqualTo("pro");
        assertThat(CofferConfig.load(null, Map.of(), Map.of("data", tmp.toString()))
                        .plans()
                        .defaultPlan()
                        .name())
                .isEqualTo("free");
    }

    Map<String, String> withBackend(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(backend.serverEnv());
        all.putAll(env);
        return all;
    }

    @Test
    void a_server_freezes_last_months_statements_when_it_starts() throws Exception {
        // The default team is created an hour before March ends; the next start is in April.
        TestClock clock = new TestClock(Instant.parse("2030-03-31T23:00:00Z"));
        String march = "/api/v1/teams/default/bill?month=2030-03";
        Path dataDir = tmp.resolve("closing");
        Map<String, String> sameDatabase = backend.serverEnv();
        try (TestServer s = TestServer.start(dataDir, sameDatabase, clock)) {
            assertThat(json(s.get(march)).path("frozen").asBoolean())
                    .as("March is still open")
                    .isFalse();
        }
        clock.advance(Duration.ofHours(2));
        try (TestServer s = TestServer.start(dataDir, sameDatabase, clock)) {
            // The month closer runs in the background as the server starts.
            JsonNode bill = Await.until(
                    Duration.ofSeconds(10),
                    () -> json(s.get(march)),
                    b -> b.path("frozen").asBoolean());
            assertThat(bill.path("frozenAt").asText()).isEqualTo("2030-04-01T01:00:00Z");
        }
    }
}

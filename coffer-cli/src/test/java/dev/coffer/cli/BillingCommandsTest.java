package dev.coffer.cli;

import static dev.coffer.cli.Processes.coffer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.billing.Meter;
import dev.coffer.db.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** coffer plans, bill and usage as users run them, against a server process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingCommandsTest {
    static final long GB = 1_000_000_000L;

    @TempDir
    static Path tmp;

    Processes.Server server;
    Path config;

    @BeforeAll
    void start() throws Exception {
        Path data = tmp.resolve("data");
        server = Processes.Server.start(data, "256m");
        config = tmp.resolve("config");
        // The team has been on Pro at 50 GB since January 2025 (written as the server's meter would).
        long since = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
        try (Database db = Database.open("sqlite:" + data.resolve("coffer.db"))) {
            db.useWrite(h -> {
                long team = h.createQuery("SELECT id FROM teams WHERE name = 'default'")
                        .mapTo(Long.class)
                        .one();
                h.createUpdate("INSERT INTO plan_events (team_id, at, plan) VALUES (:t, :at, 'pro')")
                        .bind("t", team)
                        .bind("at", since)
                        .execute();
                Meter.recordUsage(h, team, 50 * GB, since);
            });
        }
        HttpResponse<String> put = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url + "/api/v1/teams/default/plan"))
                                .header("Authorization", "Bearer " + Processes.TOKEN)
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"plan\":\"pro\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void plans_lists_every_plan_with_what_it_includes_and_costs() throws Exception {
        Processes.Result text = coffer(server, config, "plans");
        assertThat(text.exit()).as(text.stderr()).isZero();
        assertThat(text.stdout())
                .containsPattern("free\\*\\s+Free\\s+5 GB\\s+refused \\(hard limit\\)\\s+no")
                .containsPattern("pro\\s+Pro\\s+15 GB\\s+\\$0.29 per GB-month\\s+yes")
                .containsPattern("enterprise\\s+Enterprise\\s+unlimited");
        Processes.Result json = coffer(server, config, "plans", "--json");
        assertThat(json.json().path("plans").size()).isEqualTo(4);
        assertThat(json.json().path("default").asText()).isEqualTo("free");
    }

    @Test
    void bill_shows_a_months_lines_and_the_exact_total() throws Exception {
        Processes.Result text = coffer(server, config, "bill", "--month", "2025-03");
        assertThat(text.exit()).as(text.stderr()).isZero();
        assertThat(text.stdout())
                .contains("team default, 2025-03, plan pro: open (so far)")
                .containsPattern("pro\\s+2025-03-01 00:00\\s+2025-04-01 00:00\\s+15 GB\\s+50 GB\\s+35\\s+\\$10.15")
                .contains("total: $10.15");
        Processes.Result json = coffer(server, config, "bill", "--month", "2025-02", "--json");
        assertThat(json.json().path("amount").asText()).isEqualTo("10.15");
        assertThat(json.json().path("amountCents").asLong()).isEqualTo(1015);

        Processes.Result bad = coffer(server, config, "bill", "--month", "2025-13");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.stderr()).contains("YYYY-MM");
    }

    @Test
    void usage_shows_usage_now_included_so_far_and_projected() throws Exception {
        Processes.Result text = coffer(server, config, "usage");
        assertThat(text.exit()).as(text.stderr()).isZero();
        assertThat(text.stdout())
                .contains("team default on Pro (pro)")
                .contains("usage now:  50 GB")
                .contains("included:   15 GB (35 GB above it)")
                .contains("projected:  $10.15 at month end");
        Processes.Result json = coffer(server, config, "usage", "--json");
        assertThat(json.json().path("usageBytes").asLong()).isEqualTo(50 * GB);
        assertThat(json.json().path("includedBytes").asLong()).isEqualTo(15 * GB);
        assertThat(json.json().path("projected").path("amount").asText()).isEqualTo("10.15");
        assertThat(json.json().path("soFar").path("amount").asText()).matches("\\d+\\.\\d\\d");
    }
}

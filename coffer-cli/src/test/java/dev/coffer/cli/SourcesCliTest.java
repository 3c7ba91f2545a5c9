package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer sources} as users run it, against a real server process: lifecycle and refusals. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SourcesCliTest {
    private static final String KEY_VALUE = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";

    @TempDir
    static Path tmp;

    Processes.Server server;
    Path config;
    final List<Processes.Result> outputs = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        server = Processes.Server.start(tmp.resolve("data"), "256m");
        config = tmp.resolve("config");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    Processes.Result run(String... args) throws Exception {
        ProcessBuilder pb = Processes.cli(server, config, args);
        Path in = Files.writeString(tmp.resolve("stdin-" + System.nanoTime()), KEY_VALUE + "\n");
        pb.redirectInput(ProcessBuilder.Redirect.from(in.toFile()));
        Processes.Result r = Processes.run(pb);
        outputs.add(r);
        return r;
    }

    /** The operator moves the default team to {@code plan} (there is no CLI command for it). */
    void onPlan(String plan) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(server.url + "/api/v1/teams/default/plan"))
                            .header("Authorization", "Bearer " + Processes.TOKEN)
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"plan\": \"" + plan + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    @Test
    void sources_are_created_listed_shown_updated_and_removed_and_each_mistake_is_named() throws Exception {
        assertThat(run("secrets", "set", "bucket-key").exit()).isZero();

        Processes.Result free = run(
                "sources",
                "create",
                "reports",
                "--url",
                "s3://my-bucket/data",
                "--access-key-id",
                "AKIAEXAMPLE",
                "--secret",
                "bucket-key",
                "--region",
                "us-west-1");
        assertThat(free.exit()).isNotZero();
        assertThat(free.stderr()).contains("Free").contains("Pro");

        onPlan("pro");
        Processes.Result created = run(
                "sources",
                "create",
                "reports",
                "--url",
                "s3://my-bucket/data",
                "--access-key-id",
                "AKIAEXAMPLE",
                "--secret",
                "bucket-key",
                "--region",
                "us-west-1");
        assertThat(created.exit()).as(created.stderr()).isZero();
        assertThat(created.stdout())
                .contains("added data source reports of team default")
                .contains("s3://my-bucket/data")
                .contains("secret:bucket-key");

        Processes.Result both = run(
                "sources",
                "create",
                "other",
                "--url",
                "s3://bucket-b",
                "--access-key-id",
                "A",
                "--secret",
                "bucket-key",
                "--region",
                "us-west-1",
                "--endpoint",
                "http://127.0.0.1:9000");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.stderr()).contains("--region").contains("--endpoint");
        Processes.Result neither = run(
                "sources",
                "create",
                "other",
                "--url",
                "s3://bucket-b",
                "--access-key-id",
                "A",
                "--secret",
                "bucket-key");
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.stderr()).contains("give --region");
        Processes.Result noSecret = run(
                "sources",
                "create",
                "other",
                "--url",
                "s3://bucket-b",
                "--access-key-id",
                "A",
                "--secret",
                "missing",
                "--endpoint",
                "http://127.0.0.1:9000");
        assertThat(noSecret.exit()).isNotZero();
        assertThat(noSecret.stderr()).contains("'missing'").contains("does not exist");

        Processes.Result ls = run("sources", "ls");
        assertThat(ls.stdout())
                .contains("NAME")
                .contains("reports")
                .contains("s3://my-bucket/data")
                .contains("us-west-1");
        assertThat(ls.stdout()).doesNotContain("other");

        Processes.Result moved =
                run("sources", "update", "reports", "--endpoint", "https://nyc3.digitaloceanspaces.com");
        assertThat(moved.exit()).as(moved.stderr()).isZero();
        Processes.Result shown = run("sources", "show", "--json", "reports");
        JsonNode s = new ObjectMapper().readTree(shown.stdout());
        assertThat(s.path("endpoint").asText()).isEqualTo("https://nyc3.digitaloceanspaces.com");
        assertThat(s.path("region").isNull()).isTrue();
        assertThat(s.path("pathStyle").asBoolean()).isTrue();
        assertThat(s.path("secretAccessKey").asText()).isEqualTo("secret:bucket-key");
        Processes.Result nothing = run("sources", "update", "reports");
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.stderr()).contains("nothing to change");

        assertThat(run("sources", "rm", "reports").stdout()).contains("deleted data source reports");
        Processes.Result gone = run("sources", "show", "reports");
        assertThat(gone.exit()).isNotZero();
        assertThat(gone.stderr()).contains("no data source named 'reports'");

        for (Processes.Result r : outputs) {
            assertThat(r.stdout()).doesNotContain(KEY_VALUE);
            assertThat(r.stderr()).doesNotContain(KEY_VALUE);
        }
    }
}

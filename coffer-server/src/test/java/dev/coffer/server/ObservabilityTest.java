package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What operators see of a server: {@code /metrics} after a known workload (requests by route
 * template and status, content bytes, garbage collection, the database pools, the JVM; never a
 * team or a path), a request id on every answer and problem and on the log lines of its
 * request, and no password, token, cookie or secret in the log, whatever is logged.
 */
class ObservabilityTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String S = "/api/v1/teams/default/storage/default";

    @TempDir
    Path data;

    /** The value of the one series whose line starts with {@code name{} and holds every label given. */
    static double series(String scrape, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{(.*)} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        double found = -1;
        int matches = 0;
        while (m.find()) {
            String have = m.group(1);
            boolean all = true;
            for (String l : labels) all &= have.contains(l);
            if (all) {
                found = Double.parseDouble(m.group(2));
                matches++;
            }
        }
        assertThat(matches)
                .as(name + " with " + String.join(",", labels) + " in\n" + scrape)
                .isEqualTo(1);
        return found;
    }

    @Test
    void metrics_count_requests_by_route_and_status_content_bytes_and_collections() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            byte[] body = new byte[300_000];
            new Random(5).nextBytes(body);
            assertThat(s.put(S + "/files/reports/q3-secret-name.bin", body).statusCode())
                    .isEqualTo(201);
            assertThat(s.get(S + "/list/reports").statusCode()).isEqualTo(200);
            assertThat(s.get(S + "/list/reports").statusCode()).isEqualTo(200);
            assertThat(s.get(S + "/stat/nothing-here").statusCode()).isEqualTo(404);
            assertThat(s.get("/api/v1/no-such-route").statusCode()).isEqualTo(404);
            assertThat(s.post("/api/v1/admin/gc", "{}").statusCode()).isEqualTo(200);

            HttpResponse<byte[]> r = s.get("/metrics", "Authorization", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            String scrape = new String(r.body());
            String files = "route=\"/api/v1/teams/{team}/storage/{volume}/files/<path>\"";
            assertThat(series(scrape, "coffer_http_requests_seconds_count", "method=\"PUT\"", files, "status=\"201\""))
                    .isEqualTo(1);
            assertThat(series(
                            scrape,
                            "coffer_http_requests_seconds_count",
                            "method=\"GET\"",
                            "route=\"/api/v1/teams/{team}/storage/{volume}/list/<path>\"",
                            "status=\"200\""))
                    .isEqualTo(2);
            assertThat(series(
                            scrape,
                            "coffer_http_requests_seconds_count",
                            "route=\"/api/v1/teams/{team}/storage/{volume}/stat/<path>\"",
                            "status=\"404\""))
                    .isEqualTo(1);
            assertThat(series(scrape, "coffer_http_requests_seconds_count", "route=\"unmatched\"", "status=\"404\""))
                    .isEqualTo(1);
            // A latency histogram: cumulative buckets, the last one holding every request.
            assertThat(series(
                            scrape,
                            "coffer_http_requests_seconds_bucket",
                            "method=\"PUT\"",
                            files,
                            "status=\"201\"",
                            "le=\"+Inf\""))
                    .isEqualTo(1);
            assertThat(series(scrape, "coffer_http_requests_seconds_bucket", "method=\"PUT\"", files, "le=\"0.001\""))
                    .isBetween(0.0, 1.0);
            assertThat(scrape).containsPattern("(?m)^coffer_content_received_bytes_total (\\S+)$");
            Matcher received = Pattern.compile("(?m)^coffer_content_received_bytes_total (\\S+)$")
                    .matcher(scrape);
            assertThat(received.find()).isTrue();
            assertThat(Double.parseDouble(received.group(1))).isGreaterThanOrEqualTo(300_000);
            assertThat(scrape).containsPattern("(?m)^coffer_gc_runs_total 1(\\.0)?$");
            assertThat(series(scrape, "hikaricp_connections_max", "pool=\"coffer-sqlite-write\""))
                    .isEqualTo(1);
            assertThat(scrape).contains("jvm_memory_used_bytes{", "process_uptime_seconds ");
            // Labels name routes, never what a tenant called things.
            assertThat(scrape).doesNotContain("q3-secret-name", "reports", "default/storage");
        }
    }

    @Test
    void every_answer_carries_a_request_id_and_a_problem_names_it() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            HttpResponse<byte[]> given = s.get("/healthz", "X-Request-Id", "edge-1234.abc");
            assertThat(given.headers().firstValue("X-Request-Id")).hasValue("edge-1234.abc");

            HttpResponse<byte[]> made = s.get("/healthz");
            String id = made.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(id).matches("[0-9a-f]{24}");
            assertThat(s.get("/healthz").headers().firstValue("X-Request-Id")).isNotEqualTo(java.util.Optional.of(id));

            HttpResponse<byte[]> junk = s.get("/healthz", "X-Request-Id", "not an id; <script>");
            assertThat(junk.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f]{24}");

            HttpResponse<byte[]> problem = s.get(S + "/stat/nothing-here", "X-Request-Id", "trace-77");
            assertThat(problem.statusCode()).isEqualTo(404);
            JsonNode body = JSON.readTree(problem.body());
            assertThat(body.path("requestId").asText()).isEqualTo("trace-77");
            assertThat(problem.headers().firstValue("X-Request-Id")).hasValue("trace-77");
        }
    }

    @Test
    void log_lines_written_during_a_request_carry_its_id() throws Exception {
        ListAppender<ILoggingEvent> seen = listen("dev.coffer", Level.INFO);
        try (TestServer s = TestServer.start(data)) {
            // Readiness logs why the store is unreachable: provoke it with the store moved aside.
            Path store;
            try (Stream<Path> all = Files.walk(data)) {
                store = all.filter(p -> p.getFileName().toString().equals("_tmp"))
                        .findFirst()
                        .orElseThrow()
                        .getParent();
            }
            Path aside = store.resolveSibling(store.getFileName() + ".aside");
            Files.move(store, aside);
            try {
                assertThat(s.get("/readyz", "Authorization", null, "X-Request-Id", "ready-probe-9")
                                .statusCode())
                        .isEqualTo(503);
            } finally {
                Files.move(aside, store);
            }
        } finally {
            stop(seen);
        }
        ILoggingEvent warning = seen.list.stream()
                .filter(e -> e.getFormattedMessage().contains("readiness check"))
                .findFirst()
                .orElseThrow();
        assertThat(warning.getMDCPropertyMap()).containsEntry("requestId", "ready-probe-9");
    }

    @Test
    void no_password_token_cookie_or_secret_reaches_the_log() throws Exception {
        ListAppender<ILoggingEvent> seen = listen("dev.coffer", Level.DEBUG);
        String password = "Corr3ct-Horse-Battery";
        String secret = "s3cr3t-value-never-logged";
        List<String> mustNotAppear;
        try (TestServer s = TestServer.start(data)) {
            assertThat(s.post("/api/v1/users", "{\"name\":\"alice\",\"password\":\"" + password + "\"}")
                            .statusCode())
                    .isEqualTo(201);
            HttpResponse<byte[]> login = s.post(
                    "/api/v1/login", "{\"name\":\"alice\",\"password\":\"" + password + "\"}", "Authorization", null);
            assertThat(login.statusCode()).isEqualTo(200);
            String cookie =
                    login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String csrf = JSON.readTree(login.body()).path("csrfToken").asText();
            HttpResponse<byte[]> made = s.post(
                    "/api/v1/tokens",
                    "{\"name\":\"ci\"}",
                    "Authorization",
                    null,
                    "Cookie",
                    cookie,
                    "X-Coffer-CSRF",
                    csrf);
            assertThat(made.statusCode()).isEqualTo(201);
            String personal = JSON.readTree(made.body()).path("token").asText();
            assertThat(s.get("/api/v1/me", "Authorization", "Bearer " + personal)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(s.post(
                                    "/api/v1/login",
                                    "{\"name\":\"alice\",\"password\":\"wrong-" + password + "\"}",
                                    "Authorization",
                                    null)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(s.get("/api/v1/me", "Authorization", "Bearer cof_wrong" + personal)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(s.send(
                                    "PUT",
                                    "/api/v1/teams/default/secrets/aws",
                                    ("{\"value\":\"" + secret + "\"}").getBytes(),
                                    "Content-Type",
                                    "application/json")
                            .statusCode())
                    .isBetween(200, 204);
            assertThat(new String(s.get("/api/v1/teams/default/secrets").body()))
                    .contains("aws");
            mustNotAppear = List.of(
                    password, secret, TestServer.TOKEN, personal, cookie.substring(cookie.indexOf('=') + 1), csrf);
        } finally {
            stop(seen);
        }
        assertThat(seen.list).as("the workload was logged at all").isNotEmpty();
        for (ILoggingEvent e : seen.list) {
            String all = e.getFormattedMessage() + " " + e.getMDCPropertyMap()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            for (String s : mustNotAppear) assertThat(all).as("a log line").doesNotContain(s);
        }
    }

    private static ListAppender<ILoggingEvent> listen(String logger, Level level) {
        Logger l = (Logger) LoggerFactory.getLogger(logger);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        l.addAppender(appender);
        l.setLevel(level);
        return appender;
    }

    private static void stop(ListAppender<ILoggingEvent> appender) {
        Logger l = (Logger) LoggerFactory.getLogger("dev.coffer");
        l.detachAppender(appender);
        l.setLevel(null);
    }
}

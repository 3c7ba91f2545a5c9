package dev.coffer.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.wire.TeamWire;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * While tests run (assertions on), an answer that is not what its route declares fails the
 * request, so the OpenAPI document cannot drift from the bodies the server sends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteBookTest {
    private Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        app = Javalin.create(c -> {
                    c.startup.showJavalinBanner = false;
                    c.jsonMapper(new JavalinJackson(Json.MAPPER, true));
                    RouteBook book = new RouteBook(c.routes, UnaryOperator.identity());
                    book.open(
                                    HandlerType.GET,
                                    "/record",
                                    "T",
                                    "the declared record",
                                    ctx -> Json.send(ctx, 200, new TeamWire.Cluster("a")))
                            .returns(TeamWire.Cluster.class);
                    book.open(
                                    HandlerType.GET,
                                    "/other-record",
                                    "T",
                                    "another record",
                                    ctx -> Json.send(ctx, 200, new TeamWire.CreateTeam("a")))
                            .returns(TeamWire.Cluster.class);
                    book.open(
                                    HandlerType.GET,
                                    "/status",
                                    "T",
                                    "an undeclared status",
                                    ctx -> Json.send(ctx, 201, new TeamWire.Cluster("a")))
                            .returns(TeamWire.Cluster.class);
                    book.open(
                                    HandlerType.GET,
                                    "/map",
                                    "T",
                                    "a map of the declared shape",
                                    ctx -> Json.send(ctx, 200, Map.of("name", "a")))
                            .returns(TeamWire.Cluster.class);
                    book.open(HandlerType.GET, "/map-extra", "T", "a map with a field the record lacks", ctx -> {
                                Map<String, Object> body = new LinkedHashMap<>();
                                body.put("name", "a");
                                body.put("size", 3);
                                Json.send(ctx, 200, body);
                            })
                            .returns(TeamWire.Cluster.class);
                    book.open(
                                    HandlerType.GET,
                                    "/null",
                                    "T",
                                    "a map leaving out a nullable field",
                                    ctx -> Json.send(ctx, 200, Map.of("name", "a")))
                            .returns(TeamWire.TeamSummary.class);
                    book.open(
                            HandlerType.GET,
                            "/undeclared",
                            "T",
                            "nothing declared yet",
                            ctx -> Json.send(ctx, 200, Map.of("anything", 1)));
                })
                .start("127.0.0.1", 0);
    }

    @AfterAll
    void stop() {
        app.stop();
    }

    private int status(String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void assertions_are_on_in_tests_so_the_check_runs() {
        boolean on = false;
        assert on = true;
        assertThat(on).isTrue();
    }

    @Test
    void the_declared_record_and_a_map_of_its_exact_shape_pass() throws Exception {
        assertThat(status("/record")).isEqualTo(200);
        assertThat(status("/map")).isEqualTo(200);
        assertThat(status("/undeclared")).isEqualTo(200);
    }

    @Test
    void another_record_an_undeclared_status_an_extra_field_or_a_missing_field_fail() throws Exception {
        assertThat(status("/other-record")).isEqualTo(500);
        assertThat(status("/status")).isEqualTo(500);
        assertThat(status("/map-extra")).isEqualTo(500);
        // TeamSummary always has "role" (possibly null): a map that leaves it out is not that shape.
        assertThat(status("/null")).isEqualTo(500);
    }
}

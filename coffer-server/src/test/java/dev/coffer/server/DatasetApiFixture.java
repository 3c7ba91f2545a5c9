package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.access.Tokens;
import dev.coffer.db.Database;
import dev.coffer.testkit.Backend;
import dev.coffer.testkit.TestClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * What the dataset API suites share: a test server on each backend, users, requests and
 * snapshots of the dataset tables. Each subclass runs on SQLite and on a real PostgreSQL.
 */
abstract class DatasetApiFixture {
    static final String T = "/api/v1/teams/default/datasets";
    static final String P = "/api/v1/public/datasets";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    final TestClock clock = new TestClock();
    TestServer server;

    @Parameter
    Backend backend;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data, backend, clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    HttpResponse<byte[]> ok(HttpResponse<byte[]> r, int status) throws Exception {
        assertThat(r.statusCode())
                .as(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(status);
        return r;
    }

    /** Makes a user (not an admin) in {@code team} and returns their token. */
    String user(String name, String team) {
        Database db = server.server().database();
        long id = db.write(h -> {
            long teamId = h.createQuery("SELECT id FROM teams WHERE name = :n")
                    .bind("n", team)
                    .mapTo(Long.class)
                    .findOne()
                    .orElseGet(() -> h.createQuery("INSERT INTO teams (name, created_at) VALUES (:n, 0) RETURNING id")
                            .bind("n", team)
                            .mapTo(Long.class)
                            .one());
            long user = h.createQuery("INSERT INTO users (name, is_admin, created_at) VALUES (:n, 0, 0) RETURNING id")
                    .bind("n", name)
                    .mapTo(Long.class)
                    .one();
            h.createUpdate("INSERT INTO team_members (team_id, user_id, role) VALUES (:t, :u, 'member')")
                    .bind("t", teamId)
                    .bind("u", user)
                    .execute();
            return user;
        });
        String token = "token-of-" + name + "-0123456789";
        new Tokens(db).add(id, "test", token);
        return token;
    }

    HttpResponse<byte[]> as(String token, String method, String path, String body) {
        return server.send(
                method,
                path,
                body == null ? null : utf8(body),
                "Authorization",
                "Bearer " + token,
                "Content-Type",
                "application/json");
    }

    /** Every dataset row as text: equal snapshots mean nothing changed. */
    List<String> datasetRows() {
        return server.server().database().withHandle(h -> {
            List<String> rows = new ArrayList<>();
            for (String table : List.of(
                    "datasets",
                    "dataset_versions",
                    "dataset_tags",
                    "dataset_trees",
                    "dataset_tree_entries",
                    "dataset_draft_changes")) {
                rows.add(table + "="
                        + h.createQuery("SELECT COUNT(*) FROM " + table)
                                .mapTo(Long.class)
                                .one());
            }
            rows.addAll(h.createQuery(
                            "SELECT parent || '/' || name || ':' || kind FROM dataset_draft_changes ORDER BY parent, name")
                    .mapTo(String.class)
                    .list());
            return rows;
        });
    }

    /** Creates dataset {@code name} with one committed version holding {@code a.txt} and {@code dir/b.bin}. */
    void datasetWithOneVersion(String name) throws Exception {
        ok(server.post(T, "{\"name\":\"" + name + "\",\"description\":\"test data\"}"), 201);
        assertThat(json(ok(server.post(T + "/" + name + "/versions", "{}"), 201))
                        .path("number")
                        .asInt())
                .isEqualTo(1);
        ok(server.put(T + "/" + name + ":1/files/a.txt?mtime=5", utf8("hello")), 201);
        ok(server.put(T + "/" + name + ":1/files/dir/b.bin", random(1, 300_000)), 201);
        ok(server.post(T + "/" + name + "/versions/1/commit", "{\"message\":\"first\"}"), 200);
    }
}

package dev.coffer.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.access.Tokens;
import dev.coffer.db.Database;
import dev.coffer.testkit.Backend;
import dev.coffer.testkit.TestClock;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * What server suites that run on both databases share: a fresh server per test on the suite's
 * backend (SQLite in the data folder, or a fresh PostgreSQL database) on a clock that moves only
 * when the test moves it, its log captured to a file, and users created straight in the database.
 * Each suite lists its backends with {@code @ParameterizedClass}.
 */
abstract class ApiContract {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    final TestClock clock = new TestClock();
    Path data;
    Map<String, String> env;
    LogCapture log;
    TestServer server;

    @Parameter
    Backend backend;

    @BeforeEach
    void startServer() throws IOException {
        data = tmp.resolve("data");
        env = new HashMap<>(backend.serverEnv());
        log = LogCapture.to(tmp.resolve("server.log"));
        server = TestServer.start(data, env, clock);
    }

    @AfterEach
    void stopServer() {
        if (server != null) server.close();
        log.close();
    }

    /** Stops the server and starts another on the same data folder and database, with {@code extra} settings. */
    TestServer restart(Map<String, String> extra) throws IOException {
        server.close();
        server = null;
        Map<String, String> all = new HashMap<>(env);
        all.putAll(extra);
        server = TestServer.start(data, all, clock);
        return server;
    }

    Database db() {
        return server.server().database();
    }

    long teamId(String name) {
        return db().withHandle(h -> h.createQuery("SELECT id FROM teams WHERE name = :n")
                .bind("n", name)
                .mapTo(Long.class)
                .one());
    }

    long addTeam(String name) {
        return db().write(h -> h.createQuery("INSERT INTO teams (name, created_at) VALUES (:n, :now) RETURNING id")
                .bind("n", name)
                .bind("now", db().now())
                .mapTo(Long.class)
                .one());
    }

    /**
     * A plain user (not a server admin) with an API token, a member of {@code team} with
     * {@code role} unless team is null. Returns the token.
     */
    String addUser(String name, String team, String role) {
        String token = Tokens.generate();
        db().useWrite(h -> {
            long id = h.createQuery("INSERT INTO users (name, is_admin, created_at) VALUES (:n, 0, :now) RETURNING id")
                    .bind("n", name)
                    .bind("now", db().now())
                    .mapTo(Long.class)
                    .one();
            h.createUpdate(
                            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (:u, 'test', :h, :now)")
                    .bind("u", id)
                    .bind("h", Tokens.hash(token))
                    .bind("now", db().now())
                    .execute();
            if (team != null) {
                h.createUpdate(
                                "INSERT INTO team_members (team_id, user_id, role) VALUES ((SELECT id FROM teams WHERE name = :t), :u, :r)")
                        .bind("t", team)
                        .bind("u", id)
                        .bind("r", role)
                        .execute();
            }
        });
        return token;
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return JSON.readTree(r.body());
    }
}

package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.error.CofferException;
import dev.coffer.secret.SecretUnreadableException;
import dev.coffer.testkit.Leaks;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Team secrets over the real HTTP API: write-only values, encrypted at rest, never leaked. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class SecretsApiContract extends ApiContract {
    static final String SECRETS = "/api/v1/teams/default/secrets";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Every answer the test received, to check that none of them carries a value. */
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

    HttpResponse<byte[]> set(String path, String value, String... headers) {
        return call("PUT", path, "{\"value\": \"" + value + "\"}", headers);
    }

    static String randomLetters(int n) {
        String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(letters.charAt(RANDOM.nextInt(letters.length())));
        return b.toString();
    }

    record Row(byte[] nonce, byte[] ciphertext, String keyId) {}

    Row stored(String team, String name) {
        return db().withHandle(h -> h.createQuery("""
                        SELECT s.nonce, s.ciphertext, s.key_id FROM secrets s JOIN teams t ON t.id = s.team_id
                        WHERE t.name = :t AND s.name = :n""")
                .bind("t", team)
                .bind("n", name)
                .map((rs, ctx) -> new Row(rs.getBytes(1), rs.getBytes(2), rs.getString(3)))
                .one());
    }

    String reveal(String team, String name) {
        return server.server().secrets().reveal(teamId(team), name);
    }

    void assertProblem(HttpResponse<byte[]> r, int status) throws Exception {
        assertThat(r.statusCode())
                .as(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(r).path("status").asInt()).isEqualTo(status);
    }

    @Test
    void secret_values_never_appear_in_storage_logs_answers_or_errors() throws Exception {
        String first = randomLetters(40);
        String second = randomLetters(40);

        HttpResponse<byte[]> created = set(SECRETS + "/db-password", first);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = json(created);
        assertThat(body.path("name").asText()).isEqualTo("db-password");
        assertThat(body.path("createdAt").asLong()).isPositive();
        assertThat(body.has("value")).isFalse();
        Row one = stored("default", "db-password");

        // The same value set again is sealed afresh: a new nonce, so a new ciphertext.
        assertThat(set(SECRETS + "/db-password", first).statusCode()).isEqualTo(200);
        Row two = stored("default", "db-password");
        assertThat(one.nonce()).hasSize(12);
        assertThat(two.nonce()).isNotEqualTo(one.nonce());
        assertThat(two.ciphertext()).isNotEqualTo(one.ciphertext());
        assertThat(one.ciphertext()).hasSize(first.length() + 16).isNotEqualTo(first.getBytes(StandardCharsets.UTF_8));
        assertThat(Leaks.contains(one.ciphertext(), first.getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(one.keyId()).isEqualTo(server.server().secrets().key().id());

        HttpResponse<byte[]> replaced = set(SECRETS + "/db-password", second);
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(json(replaced).path("createdAt").asLong())
                .isEqualTo(body.path("createdAt").asLong());
        assertThat(set(SECRETS + "/other", first).statusCode()).isEqualTo(201);
        assertThat(call("DELETE", SECRETS + "/other", null).statusCode()).isEqualTo(204);

        HttpResponse<byte[]> list = call("GET", SECRETS, null);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode secrets = json(list).path("secrets");
        assertThat(secrets).hasSize(1);
        List<String> fields = new ArrayList<>();
        secrets.get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("name", "createdAt", "updatedAt");

        // Mistakes around the value: each is refused, and none repeats it.
        assertProblem(set(SECRETS + "/bad%20name", second), 400);
        assertProblem(set(SECRETS + "/" + "n".repeat(129), second), 400);
        assertProblem(call("PUT", SECRETS + "/db-password", "{\"value\": \"" + second), 400);
        assertProblem(call("PUT", SECRETS + "/db-password", "{\"value\": " + second + "}"), 400);
        assertProblem(call("PUT", SECRETS + "/db-password", "{\"" + second + "\": \"x\"}"), 400);
        assertProblem(call("PUT", SECRETS + "/db-password", "{\"value\": \"x\", \"note\": \"" + second + "\"}"), 400);
        assertProblem(call("PUT", SECRETS + "/db-password", "{\"value\": [\"" + second + "\"]}"), 400);
        assertProblem(call("PUT", SECRETS + "/db-password", "\"" + second + "\""), 400);
        assertProblem(call("PUT", SECRETS + "/db-password", "{\"value\": \"" + second + "\"} " + second), 400);
        assertProblem(set(SECRETS + "/db-password", second.repeat(2000)), 400); // 80,000 bytes: over 64 KiB
        assertProblem(set(SECRETS + "/db-password", second.repeat(12_000)), 400); // a body over the limit
        assertProblem(set(SECRETS + "/db-password", ""), 400);
        assertProblem(set("/api/v1/teams/no-such-team/secrets/db-password", second), 404);
        assertProblem(
                set(SECRETS + "/db-password", second, "Authorization", "Bearer not-a-valid-token-0123456789"), 401);
        String outsider = addUser("mallory", null, null);
        HttpResponse<byte[]> hidden = set(SECRETS + "/db-password", second, "Authorization", bearer(outsider));
        assertProblem(hidden, 404);
        assertThat(json(hidden).path("detail").asText()).isEqualTo("no team named 'default'");
        String viewer = addUser("vic", "default", "viewer");
        assertProblem(set(SECRETS + "/db-password", second, "Authorization", bearer(viewer)), 403);

        // The server keeps the value (so nothing above passed by storing nothing), and only it.
        assertThat(reveal("default", "db-password")).isEqualTo(second);
        assertThatThrownBy(() -> reveal("default", "other")).isInstanceOf(CofferException.NotFound.class);

        Map<String, byte[]> places = new LinkedHashMap<>(Leaks.files(data));
        if (backend.postgres()) places.put("pg_dump of the database", Leaks.pgDump(env.get("COFFER_DB")));
        places.put("server log", log.text().getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < responses.size(); i++) {
            HttpResponse<byte[]> r = responses.get(i);
            places.put("answer " + i + " body", r.body());
            places.put("answer " + i + " headers", r.headers().map().toString().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Leaks.whereFound(places, first)).isEmpty();
        assertThat(Leaks.whereFound(places, second)).isEmpty();

        // ...and the search does see what is stored: the names, the ciphertext, the log.
        assertThat(Leaks.whereFound(places, "db-password")).isNotEmpty();
        byte[] ciphertext = stored("default", "db-password").ciphertext();
        byte[] asStored = backend.postgres()
                ? HexFormat.of().formatHex(ciphertext).getBytes(StandardCharsets.US_ASCII)
                : ciphertext;
        assertThat(places.values().stream().anyMatch(bytes -> Leaks.contains(bytes, asStored)))
                .isTrue();
        assertThat(log.text()).contains("Coffer listening");
    }

    @Test
    void the_generated_key_file_is_owner_only_and_a_restarted_server_reads_its_secrets() throws Exception {
        Path keyFile = data.resolve("secrets.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip()))
                .hasSize(32);
        String keyText = Files.readString(keyFile);
        String value = randomLetters(40);
        assertThat(set(SECRETS + "/token", value).statusCode()).isEqualTo(201);

        restart(Map.of());
        assertThat(Files.readString(keyFile)).isEqualTo(keyText);
        assertThat(reveal("default", "token")).isEqualTo(value);
        assertThat(log.text()).doesNotContain(keyText.strip());
    }

    @Test
    void a_server_given_another_key_cannot_reveal_and_names_the_setting() throws Exception {
        String value = randomLetters(40);
        assertThat(set(SECRETS + "/token", value).statusCode()).isEqualTo(201);
        Path original = tmp.resolve("original.key");
        Files.copy(data.resolve("secrets.key"), original);

        byte[] other = new byte[32];
        RANDOM.nextBytes(other);
        String otherKey = Base64.getEncoder().encodeToString(other);
        restart(Map.of("COFFER_SECRETS_KEY", otherKey));
        assertThatThrownBy(() -> reveal("default", "token"))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("secrets.key")
                .hasMessageContaining("COFFER_SECRETS_KEY")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value).doesNotContain(otherKey));
        assertThat(log.text())
                .contains("written with another key")
                .doesNotContain(otherKey)
                .doesNotContain(value);
        assertThat(call("GET", SECRETS, null).statusCode()).isEqualTo(200); // names stay listable
        // Nor does it write with its own key: the secrets would end up split between two keys.
        HttpResponse<byte[]> refused = set(SECRETS + "/new", "v");
        assertProblem(refused, 409);
        assertThat(json(refused).path("detail").asText())
                .contains("secrets.key")
                .doesNotContain(otherKey);

        // Given the original key (here through COFFER_SECRETS_KEY_FILE, as a second server would be), it reads them
        // again.
        restart(Map.of("COFFER_SECRETS_KEY_FILE", original.toString()));
        assertThat(reveal("default", "token")).isEqualTo(value);
        assertThat(set(SECRETS + "/new", "v").statusCode()).isEqualTo(201);
    }

    @Test
    void a_malformed_key_setting_stops_the_start_without_repeating_it() throws Exception {
        server.close();
        server = null;
        String notAKey = "not-a-key-" + randomLetters(30);
        for (String given : List.of(notAKey, "QUJD")) {
            Map<String, String> settings = new HashMap<>(env);
            settings.put("COFFER_SECRETS_KEY", given);
            assertThatThrownBy(() -> TestServer.start(data, settings))
                    .isInstanceOf(CofferException.Invalid.class)
                    .hasMessageContaining("secrets.key")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(given));
        }
    }

    @Test
    void only_team_owners_and_admins_manage_secrets_and_operators_are_no_exception() throws Exception {
        addTeam("lab");
        String owner = addUser("olivia", "lab", "owner");
        String teamAdmin = addUser("adam", "lab", "admin");
        String member = addUser("mia", "lab", "member");
        String viewer = addUser("vic", "lab", "viewer");
        String outsider = addUser("mallory", null, null);
        String lab = "/api/v1/teams/lab/secrets";

        assertThat(set(lab + "/s3-key", "from-olivia", "Authorization", bearer(owner))
                        .statusCode())
                .isEqualTo(201);
        assertThat(set(lab + "/s3-key", "from-adam", "Authorization", bearer(teamAdmin))
                        .statusCode())
                .isEqualTo(200);
        assertThat(json(call("GET", lab, null, "Authorization", bearer(owner)))
                        .path("secrets")
                        .get(0)
                        .path("name")
                        .asText())
                .isEqualTo("s3-key");
        assertThat(reveal("lab", "s3-key")).isEqualTo("from-adam");

        for (String refused : List.of(member, viewer)) {
            assertProblem(set(lab + "/s3-key", "nope", "Authorization", bearer(refused)), 403);
            assertProblem(call("GET", lab, null, "Authorization", bearer(refused)), 403);
            assertProblem(call("DELETE", lab + "/s3-key", null, "Authorization", bearer(refused)), 403);
        }
        HttpResponse<byte[]> hidden = call("GET", lab, null, "Authorization", bearer(outsider));
        assertProblem(hidden, 404);
        assertThat(json(hidden).path("detail").asText()).isEqualTo("no team named 'lab'");
        assertProblem(set(SECRETS + "/s3-key", "nope", "Authorization", bearer(owner)), 404);
        assertThat(reveal("lab", "s3-key")).isEqualTo("from-adam");

        // Server operators are not members of 'lab': its secrets are hidden from them as from anyone.
        // The same name in two teams is two secrets.
        assertProblem(call("GET", lab, null), 404);
        assertThat(set(SECRETS + "/s3-key", "default-value").statusCode()).isEqualTo(201);
        assertThat(reveal("default", "s3-key")).isEqualTo("default-value");
        assertThat(reveal("lab", "s3-key")).isEqualTo("from-adam");
        assertThat(call("DELETE", lab + "/s3-key", null, "Authorization", bearer(owner))
                        .statusCode())
                .isEqualTo(204);
        assertProblem(call("DELETE", lab + "/s3-key", null, "Authorization", bearer(owner)), 404);
        assertThat(json(call("GET", lab, null, "Authorization", bearer(owner))).path("secrets"))
                .isEmpty();
    }
}

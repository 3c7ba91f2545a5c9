package dev.coffer.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Local accounts over the real HTTP API: passwords, Private Workspaces, operators' user management. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class UsersApiContract extends IdentityTestBase {
    static final String PASSWORD = "correct horse battery";

    @Test
    void a_password_is_stored_only_as_an_argon2id_hash() {
        createUser("hash.check", PASSWORD, false);
        String stored = server.server()
                .database()
                .withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE name = 'hash.check'")
                        .mapTo(String.class)
                        .one());
        assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
        String everything = String.join("\n", identitySnapshot());
        assertThat(everything).doesNotContain(PASSWORD);
        assertThat(login("hash.check", PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void a_new_user_gets_a_private_workspace_of_their_own() {
        createUser("ws.owner", PASSWORD, false);
        List<String> rows = server.server()
                .database()
                .withHandle(h -> h.createQuery("""
                        SELECT u.name || ':' || m.role FROM teams t JOIN team_members m ON m.team_id = t.id JOIN users u ON u.id = m.user_id
                        WHERE t.name = '~ws.owner' AND t.personal_user_id = u.id""").mapTo(String.class).list());
        assertThat(rows).containsExactly("ws.owner:owner");
        String cookie = sessionCookie("ws.owner", PASSWORD);
        var me = json(asCookie("GET", "/api/v1/me", null, cookie));
        assertThat(me.path("name").asText()).isEqualTo("ws.owner");
        assertThat(me.path("admin").asBoolean()).isFalse();
        assertThat(me.path("teams").toString()).isEqualTo("[\"~ws.owner\"]");
        // The first-start admin has one too, and no password unless COFFER_ADMIN_PASSWORD was set.
        assertThat(json(server.get("/api/v1/me")).path("teams").toString()).contains("\"~admin\"");
        assertThat(login("admin", PASSWORD).statusCode()).isEqualTo(401);
    }

    @Test
    void operators_list_and_delete_users_and_others_may_not() {
        createUser("plain.user", PASSWORD, false);
        createUser("second.op", PASSWORD, true);
        var list = json(server.get("/api/v1/users"));
        assertThat(list.path("users").findValuesAsText("name")).contains("admin", "plain.user", "second.op");
        assertThat(list.path("users").toString()).doesNotContain("argon2");

        String plain = sessionCookie("plain.user", PASSWORD);
        HttpResponse<byte[]> refused = asCookie("GET", "/api/v1/users", null, plain);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        List<String> before = identitySnapshot();
        assertThat(asCookie(
                                "POST",
                                "/api/v1/users",
                                "{\"name\":\"sneaky\",\"password\":\"" + PASSWORD + "\"}",
                                plain,
                                "X-Coffer-CSRF",
                                csrf(plain))
                        .statusCode())
                .isEqualTo(403);
        assertThat(asCookie("DELETE", "/api/v1/users/second.op", null, plain, "X-Coffer-CSRF", csrf(plain))
                        .statusCode())
                .isEqualTo(403);
        assertThat(identitySnapshot()).isEqualTo(before);

        String op = sessionCookie("second.op", PASSWORD);
        assertThat(asCookie("DELETE", "/api/v1/users/plain.user", null, op, "X-Coffer-CSRF", csrf(op))
                        .statusCode())
                .isEqualTo(204);
        assertThat(json(server.get("/api/v1/users")).path("users").findValuesAsText("name"))
                .doesNotContain("plain.user");
        assertThat(server.send("DELETE", "/api/v1/users/plain.user", null).statusCode())
                .isEqualTo(404);
        assertThat(server.send("DELETE", "/api/v1/users/second.op", null).statusCode())
                .isEqualTo(204);
    }

    @Test
    void deleting_a_user_cuts_their_tokens_sessions_and_private_workspace_at_once() {
        createUser("leaver", PASSWORD, false);
        String cookie = sessionCookie("leaver", PASSWORD);
        String token = tokenOf(cookie, "laptop");
        assertThat(asToken("GET", "/api/v1/me", null, token).statusCode()).isEqualTo(200);
        assertThat(asCookie("GET", "/api/v1/me", null, cookie).statusCode()).isEqualTo(200);
        String file = "/api/v1/teams/~leaver/storage/default/files/notes/mine.txt";
        HttpResponse<byte[]> put = server.send(
                "PUT", file, "my own notes".getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + token);
        assertThat(put.statusCode()).as(new String(put.body())).isEqualTo(201);
        assertThat(new String(asToken("GET", file, null, token).body())).isEqualTo("my own notes");

        assertThat(server.send("DELETE", "/api/v1/users/leaver", null).statusCode())
                .isEqualTo(204);
        assertThat(server.snapshot()).noneMatch(row -> row.contains(":mine.txt:"));
        assertThat(server.get(file).statusCode())
                .as("the Private Workspace went with its user")
                .isEqualTo(404);

        HttpResponse<byte[]> byToken = asToken("GET", "/api/v1/me", null, token);
        assertThat(byToken.statusCode()).isEqualTo(401);
        assertThat(detail(byToken)).contains("not valid");
        HttpResponse<byte[]> bySession = asCookie("GET", "/api/v1/me", null, cookie);
        assertThat(bySession.statusCode()).isEqualTo(401);
        assertThat(detail(bySession)).contains("sign in again");
        assertThat(login("leaver", PASSWORD).statusCode()).isEqualTo(401);
        long left = server.server()
                .database()
                .withHandle(h -> h.createQuery("""
                        SELECT (SELECT COUNT(*) FROM teams WHERE name = '~leaver') + (SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.name = 'leaver')""").mapTo(Long.class).one());
        assertThat(left).isZero();
    }

    @Test
    void deleting_a_user_takes_the_datasets_of_their_private_workspace_and_gc_reclaims_them() throws Exception {
        createUser("ds.leaver", PASSWORD, false);
        String token = tokenOf(sessionCookie("ds.leaver", PASSWORD), "laptop");
        String t = "/api/v1/teams/~ds.leaver/datasets";
        String only = "content only ds.leaver ever stored";
        assertThat(asToken("POST", t, "{\"name\":\"mine\"}", token).statusCode())
                .isEqualTo(201);
        assertThat(asToken("POST", t + "/mine/versions", "{}", token).statusCode())
                .isEqualTo(201);
        assertThat(server.send(
                                "PUT",
                                t + "/mine:1/files/dir/kept.txt",
                                only.getBytes(StandardCharsets.UTF_8),
                                "Authorization",
                                "Bearer " + token)
                        .statusCode())
                .isEqualTo(201);
        assertThat(asToken("POST", t + "/mine/versions/1/commit", "{}", token).statusCode())
                .isEqualTo(200);
        // A draft over it, with a file of its own, stays open when the user goes.
        assertThat(asToken("POST", t + "/mine/versions", "{}", token).statusCode())
                .isEqualTo(201);
        assertThat(server.send(
                                "PUT",
                                t + "/mine:2/files/draft.txt",
                                "draft only".getBytes(StandardCharsets.UTF_8),
                                "Authorization",
                                "Bearer " + token)
                        .statusCode())
                .isEqualTo(201);
        assertThat(new String(asToken("GET", t + "/mine:1/files/dir/kept.txt", null, token)
                        .body()))
                .isEqualTo(only);

        HttpResponse<byte[]> deleted = server.send("DELETE", "/api/v1/users/ds.leaver", null);
        assertThat(deleted.statusCode()).as(new String(deleted.body())).isEqualTo(204);
        long left = server.server()
                .database()
                .withHandle(h -> h.createQuery("""
                        SELECT (SELECT COUNT(*) FROM datasets WHERE name = 'mine')
                             + (SELECT COUNT(*) FROM dataset_tree_entries WHERE name IN ('kept.txt', 'dir'))
                             + (SELECT COUNT(*) FROM dataset_draft_changes)""").mapTo(Long.class).one());
        assertThat(left)
                .as("datasets, their folder nodes and the draft's changes went with the user")
                .isZero();
        // A zero grace period reaches only what is older than now: a moment passes first.
        clock.advance(Duration.ofSeconds(1));
        assertThat(server.post("/api/v1/admin/gc?graceSeconds=0", "{}").statusCode())
                .isEqualTo(200);
        var fsck = json(server.post("/api/v1/admin/fsck", "{}"));
        assertThat(fsck.path("clean").asBoolean()).as(fsck.toString()).isTrue();
        long sized = server.server()
                .database()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM contents WHERE size IN (:a, :b)")
                        .bind("a", only.length())
                        .bind("b", "draft only".length())
                        .mapTo(Long.class)
                        .one());
        assertThat(sized)
                .as("the garbage collector reclaimed both files' content")
                .isZero();
    }

    @Test
    void an_operator_may_be_deleted_but_not_the_last_one() {
        createUser("short.lived.op", PASSWORD, true);
        assertThat(server.send("DELETE", "/api/v1/users/short.lived.op", null).statusCode())
                .isEqualTo(204);
        // Every test that makes an operator deletes it again, so the first-start admin is the only one now.
        List<String> before = identitySnapshot();
        HttpResponse<byte[]> r = server.send("DELETE", "/api/v1/users/admin", null);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(detail(r)).contains("last server operator");
        assertThat(identitySnapshot()).isEqualTo(before);
        assertThat(server.get("/api/v1/me").statusCode()).isEqualTo(200);
    }

    @Test
    void a_user_changes_their_own_password_and_their_other_sessions_end() {
        createUser("changer", PASSWORD, false);
        String here = sessionCookie("changer", PASSWORD);
        String elsewhere = sessionCookie("changer", PASSWORD);
        String token = tokenOf(here, "script");

        HttpResponse<byte[]> wrong = asCookie(
                "PUT",
                "/api/v1/me/password",
                "{\"current\":\"not the password\",\"new\":\"a brand new secret\"}",
                here,
                "X-Coffer-CSRF",
                csrf(here));
        assertThat(wrong.statusCode()).isEqualTo(403);
        HttpResponse<byte[]> shortOne = asCookie(
                "PUT",
                "/api/v1/me/password",
                "{\"current\":\"" + PASSWORD + "\",\"new\":\"short\"}",
                here,
                "X-Coffer-CSRF",
                csrf(here));
        assertThat(shortOne.statusCode()).isEqualTo(400);
        assertThat(detail(shortOne)).contains("at least 10 characters");
        assertThat(login("changer", PASSWORD).statusCode())
                .as("nothing changed")
                .isEqualTo(200);

        HttpResponse<byte[]> ok = asCookie(
                "PUT",
                "/api/v1/me/password",
                "{\"current\":\"" + PASSWORD + "\",\"new\":\"a brand new secret\"}",
                here,
                "X-Coffer-CSRF",
                csrf(here));
        assertThat(ok.statusCode()).as(new String(ok.body())).isEqualTo(204);
        assertThat(login("changer", PASSWORD).statusCode()).isEqualTo(401);
        assertThat(login("changer", "a brand new secret").statusCode()).isEqualTo(200);
        assertThat(asCookie("GET", "/api/v1/me", null, here).statusCode())
                .as("this session stays")
                .isEqualTo(200);
        assertThat(asCookie("GET", "/api/v1/me", null, elsewhere).statusCode())
                .as("other sessions end")
                .isEqualTo(401);
        assertThat(asToken("GET", "/api/v1/me", null, token).statusCode())
                .as("tokens stay")
                .isEqualTo(200);
        // With a token, the same change works too (a script), checked against the current password.
        assertThat(asToken(
                                "PUT",
                                "/api/v1/me/password",
                                "{\"current\":\"a brand new secret\",\"new\":\"" + PASSWORD + "\"}",
                                token)
                        .statusCode())
                .isEqualTo(204);
        assertThat(login("changer", PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void bad_user_input_is_refused_with_a_problem_and_changes_nothing() {
        createUser("taken", PASSWORD, false);
        List<String> before = identitySnapshot();
        String p = "\"password\":\"" + PASSWORD + "\"";
        for (String body : List.of(
                "{" + p + "}",
                "{\"name\":\"nopassword\"}",
                "{\"name\":\"shortpw\",\"password\":\"123456789\"}",
                "{\"name\":\"Upper\"," + p + "}",
                "{\"name\":\"-dash\"," + p + "}",
                "{\"name\":\".dot\"," + p + "}",
                "{\"name\":\"with space\"," + p + "}",
                "{\"name\":\"~tilde\"," + p + "}",
                "{\"name\":\"slash/name\"," + p + "}",
                "{\"name\":\"\"," + p + "}",
                "{\"name\":\"" + "a".repeat(65) + "\"," + p + "}",
                "{\"name\":42," + p + "}",
                "{\"name\":\"typo\"," + p + ",\"admn\":true}",
                "{\"name\":\"adminstring\"," + p + ",\"admin\":\"yes\"}",
                "not json",
                "")) {
            HttpResponse<byte[]> r = server.post("/api/v1/users", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse(""))
                    .as(body)
                    .startsWith("application/problem+json");
            assertThat(detail(r)).as(body).isNotBlank();
        }
        HttpResponse<byte[]> duplicate = server.post("/api/v1/users", "{\"name\":\"taken\"," + p + "}");
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(server.post("/api/v1/users", "{\"name\":\"" + "b".repeat(64) + "\",\"password\":\"short\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(identitySnapshot()).isEqualTo(before);
        assertThat(server.post("/api/v1/users", "{\"name\":\"" + "b".repeat(64) + "\"," + p + "}")
                        .statusCode())
                .as("64 characters is fine")
                .isEqualTo(201);
    }
}

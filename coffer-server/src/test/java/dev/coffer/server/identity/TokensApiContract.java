package dev.coffer.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Personal and platform API tokens over the real HTTP API: shown once, listed, revoked, expired. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class TokensApiContract extends IdentityTestBase {
    static final String PASSWORD = "correct horse battery";

    String userToken(String user, String tokenName) {
        createUser(user, PASSWORD, false);
        return tokenOf(sessionCookie(user, PASSWORD), tokenName);
    }

    @Test
    void a_personal_token_is_shown_once_stored_hashed_and_listed_without_its_value() {
        createUser("scripter", PASSWORD, false);
        String cookie = sessionCookie("scripter", PASSWORD);
        HttpResponse<byte[]> created = asCookie(
                "POST",
                "/api/v1/tokens",
                "{\"name\":\"nightly\",\"expiresInDays\":30}",
                cookie,
                "X-Coffer-CSRF",
                csrf(cookie));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode c = json(created);
        String token = c.path("token").asText();
        assertThat(token).startsWith("cof_").hasSize(4 + 43);
        assertThat(c.path("name").asText()).isEqualTo("nightly");
        assertThat(c.path("expiresAt").asLong())
                .isEqualTo(clock.millis() + Duration.ofDays(30).toMillis());
        assertThat(String.join("\n", identitySnapshot())).doesNotContain(token);

        assertThat(json(asToken("GET", "/api/v1/me", null, token)).path("name").asText())
                .isEqualTo("scripter");
        HttpResponse<byte[]> listed = asToken("GET", "/api/v1/tokens", null, token);
        assertThat(new String(listed.body())).doesNotContain(token);
        JsonNode t = json(listed).path("tokens").get(0);
        assertThat(t.path("id").asLong()).isEqualTo(c.path("id").asLong());
        assertThat(t.path("name").asText()).isEqualTo("nightly");
        assertThat(t.path("createdAt").asLong()).isPositive();
        assertThat(t.path("lastUsedAt").asLong())
                .as("set by the request that used it")
                .isPositive();
        assertThat(t.path("revoked").asBoolean()).isFalse();
        assertThat(t.path("expired").asBoolean()).isFalse();
    }

    @Test
    void a_revoked_token_is_refused_at_once_saying_it_was_revoked() {
        String token = userToken("revoker", "to-revoke");
        JsonNode listed = json(asToken("GET", "/api/v1/tokens", null, token))
                .path("tokens")
                .get(0);
        assertThat(asToken("GET", "/api/v1/me", null, token).statusCode()).isEqualTo(200);
        assertThat(asToken("DELETE", "/api/v1/tokens/" + listed.path("id").asLong(), null, token)
                        .statusCode())
                .isEqualTo(204);
        HttpResponse<byte[]> after = asToken("GET", "/api/v1/me", null, token);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(detail(after)).contains("was revoked");
        String cookie = sessionCookie("revoker", PASSWORD);
        JsonNode again = json(asCookie("GET", "/api/v1/tokens", null, cookie))
                .path("tokens")
                .get(0);
        assertThat(again.path("revoked").asBoolean()).isTrue();
        // Its name is free again.
        assertThat(asCookie("POST", "/api/v1/tokens", "{\"name\":\"to-revoke\"}", cookie, "X-Coffer-CSRF", csrf(cookie))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void an_expired_token_is_refused_saying_it_expired() {
        createUser("expirer", PASSWORD, false);
        String expirer = sessionCookie("expirer", PASSWORD);
        HttpResponse<byte[]> created = asCookie(
                "POST",
                "/api/v1/tokens",
                "{\"name\":\"short-lived\",\"expiresInDays\":1}",
                expirer,
                "X-Coffer-CSRF",
                csrf(expirer));
        assertThat(created.statusCode()).isEqualTo(201);
        String token = json(created).path("token").asText();
        clock.advance(Duration.ofDays(1).minusMillis(1));
        assertThat(asToken("GET", "/api/v1/me", null, token).statusCode())
                .as("its last moment")
                .isEqualTo(200);
        clock.advance(Duration.ofMillis(1));
        HttpResponse<byte[]> after = asToken("GET", "/api/v1/me", null, token);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(detail(after)).contains("has expired");
        assertThat(after.headers().firstValue("WWW-Authenticate")).isPresent();
        String cookie = sessionCookie("expirer", PASSWORD);
        assertThat(json(asCookie("GET", "/api/v1/tokens", null, cookie))
                        .path("tokens")
                        .get(0)
                        .path("expired")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void names_are_unique_among_a_users_live_tokens_and_others_cannot_revoke_them() {
        String mine = userToken("owner.one", "laptop");
        String theirs = userToken("owner.two", "laptop");
        List<String> before = identitySnapshot();
        HttpResponse<byte[]> duplicate = asToken("POST", "/api/v1/tokens", "{\"name\":\"laptop\"}", mine);
        assertThat(duplicate.statusCode()).isEqualTo(409);
        long myId = json(asToken("GET", "/api/v1/tokens", null, mine))
                .path("tokens")
                .get(0)
                .path("id")
                .asLong();
        HttpResponse<byte[]> notYours = asToken("DELETE", "/api/v1/tokens/" + myId, null, theirs);
        assertThat(notYours.statusCode()).isEqualTo(404);
        assertThat(identitySnapshot()).isEqualTo(before);
        assertThat(asToken("GET", "/api/v1/me", null, mine).statusCode()).isEqualTo(200);
        // An operator may revoke anyone's, and see them with ?user=.
        assertThat(json(server.get("/api/v1/tokens?user=owner.one"))
                        .path("tokens")
                        .findValuesAsText("name"))
                .containsExactly("laptop");
        assertThat(asToken("GET", "/api/v1/tokens?user=owner.one", null, theirs).statusCode())
                .isEqualTo(403);
        assertThat(server.send("DELETE", "/api/v1/tokens/" + myId, null).statusCode())
                .isEqualTo(204);
        assertThat(asToken("GET", "/api/v1/me", null, mine).statusCode()).isEqualTo(401);
    }

    @Test
    void bad_token_input_is_refused_with_a_problem_and_changes_nothing() {
        String token = userToken("careless", "first");
        List<String> before = identitySnapshot();
        for (String body : List.of(
                "{}",
                "{\"name\":\"\"}",
                "{\"name\":\" padded \"}",
                "{\"name\":\"" + "x".repeat(101) + "\"}",
                "{\"name\":\"ok\",\"expiresInDays\":0}",
                "{\"name\":\"ok\",\"expiresInDays\":-3}",
                "{\"name\":\"ok\",\"expiresInDays\":99999}",
                "{\"name\":\"ok\",\"expiresInDays\":\"7\"}",
                "{\"name\":\"ok\",\"expiresInDays\":1.5}",
                "{\"name\":\"ok\",\"other\":1}",
                "[]")) {
            HttpResponse<byte[]> r = asToken("POST", "/api/v1/tokens", body, token);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(asToken("DELETE", "/api/v1/tokens/abc", null, token).statusCode())
                .isEqualTo(400);
        assertThat(asToken("DELETE", "/api/v1/tokens/999999", null, token).statusCode())
                .isEqualTo(404);
        assertThat(asToken("GET", "/api/v1/me", null, "cof_not-a-real-token-at-all")
                        .statusCode())
                .isEqualTo(401);
        assertThat(server.send("GET", "/api/v1/me", null, "Authorization", "Basic abc")
                        .statusCode())
                .isEqualTo(401);
        assertThat(identitySnapshot()).isEqualTo(before);
    }

    @Test
    void a_platform_token_sets_the_state_of_notebooks_on_its_cluster_only() {
        assertThat(server.post("/api/v1/clusters", "{\"name\":\"east\"}").statusCode())
                .isEqualTo(201);
        assertThat(server.post("/api/v1/teams/default/notebooks", "{\"name\":\"on-default\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(server.post("/api/v1/teams/default/notebooks", "{\"name\":\"on-east\",\"cluster\":\"east\"}")
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<byte[]> made = server.post("/api/v1/clusters/east/platform-tokens", "{\"name\":\"jupyterhub\"}");
        assertThat(made.statusCode()).isEqualTo(201);
        String platform = json(made).path("token").asText();
        assertThat(platform).startsWith("cofp_");
        assertThat(json(made).path("cluster").asText()).isEqualTo("east");

        HttpResponse<byte[]> own =
                asToken("POST", "/api/v1/teams/default/notebooks/on-east/state", "{\"state\":\"Stopped\"}", platform);
        assertThat(own.statusCode()).as(new String(own.body())).isEqualTo(200);
        assertThat(json(own).path("state").asText()).isEqualTo("Stopped");
        HttpResponse<byte[]> other = asToken(
                "POST", "/api/v1/teams/default/notebooks/on-default/state", "{\"state\":\"Stopped\"}", platform);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(json(server.get("/api/v1/teams/default/notebooks")).findValuesAsText("state"))
                .containsExactly("Running", "Stopped");

        // It is no user: no files, no tokens, no users, no admin rights.
        assertThat(asToken("GET", "/api/v1/teams/default/storage/east/list/", null, platform)
                        .statusCode())
                .isEqualTo(404);
        assertThat(asToken("GET", "/api/v1/tokens", null, platform).statusCode())
                .isEqualTo(403);
        assertThat(asToken("GET", "/api/v1/users", null, platform).statusCode()).isEqualTo(403);
        assertThat(asToken("POST", "/api/v1/clusters/east/platform-tokens", "{\"name\":\"more\"}", platform)
                        .statusCode())
                .isEqualTo(403);
        assertThat(json(asToken("GET", "/api/v1/me", null, platform))
                        .path("admin")
                        .asBoolean())
                .isFalse();

        // Operators list and revoke it; then it is refused at once.
        JsonNode listed =
                json(server.get("/api/v1/clusters/east/platform-tokens")).path("tokens");
        assertThat(listed.findValuesAsText("name")).containsExactly("jupyterhub");
        assertThat(listed.get(0).path("createdBy").asText()).isEqualTo("admin");
        assertThat(server.post("/api/v1/clusters/east/platform-tokens", "{\"name\":\"jupyterhub\"}")
                        .statusCode())
                .isEqualTo(409);
        assertThat(server.send(
                                "DELETE",
                                "/api/v1/clusters/default/platform-tokens/"
                                        + listed.get(0).path("id").asLong(),
                                null)
                        .statusCode())
                .as("not a token of that cluster")
                .isEqualTo(404);
        assertThat(server.send(
                                "DELETE",
                                "/api/v1/clusters/east/platform-tokens/"
                                        + listed.get(0).path("id").asLong(),
                                null)
                        .statusCode())
                .isEqualTo(204);
        HttpResponse<byte[]> revoked =
                asToken("POST", "/api/v1/teams/default/notebooks/on-east/state", "{\"state\":\"Running\"}", platform);
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(detail(revoked)).contains("was revoked");
        assertThat(server.post("/api/v1/clusters/nowhere/platform-tokens", "{\"name\":\"x\"}")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void only_operators_make_platform_tokens() {
        String token = userToken("not.an.op", "mine");
        List<String> before = identitySnapshot();
        assertThat(asToken("POST", "/api/v1/clusters/default/platform-tokens", "{\"name\":\"sneaky\"}", token)
                        .statusCode())
                .isEqualTo(403);
        assertThat(asToken("GET", "/api/v1/clusters/default/platform-tokens", null, token)
                        .statusCode())
                .isEqualTo(403);
        assertThat(identitySnapshot()).isEqualTo(before);
    }
}

package dev.coffer.server.web;

import static dev.coffer.server.web.WebUiFixture.ok;
import static dev.coffer.server.web.WebUiFixture.session;
import static dev.coffer.server.web.WebUiFixture.text;
import static dev.coffer.server.web.WebUiFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI's guards, checked over plain HTTP as an attacker would send it: the content security
 * policy, the CSRF token on every change, "not found" for another team's pages, and no secret
 * value on any page.
 */
class WebSecurityTest {
    static final String STORAGE = "/api/v1/teams/default/storage/default";
    static final String FILES_PAGE = "/ui/teams/default/storage/default/files";
    static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
    static final Pattern EVENT_ATTRIBUTE = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

    @TempDir
    Path data;

    HttpResponse<byte[]> page(TestServer s, String cookie, String path) {
        return s.send("GET", path, null, "Authorization", null, "Cookie", cookie);
    }

    @Test
    void every_page_forbids_inline_script_by_its_policy_and_holds_none() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            user(s, "ada", "default", "member");
            String cookie = session(s, "ada")[0];
            ok(s.put(STORAGE + "/files/reports/q3.csv", "a,b\n".getBytes()), 201);
            List<String> pages = List.of(
                    "/login", "/ui/teams/default", FILES_PAGE, FILES_PAGE + "/reports", "/ui/teams/no-such-team");
            for (String path : pages) {
                HttpResponse<byte[]> r = page(s, cookie, path);
                assertThat(r.statusCode()).as(path).isIn(200, 404);
                String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
                assertThat(csp)
                        .as(path)
                        .contains("script-src 'self'")
                        .contains("default-src 'none'")
                        .contains("frame-ancestors 'none'")
                        .doesNotContain("unsafe-inline")
                        .doesNotContain("unsafe-eval");
                String html = text(r);
                assertThat(html).as(path).contains("<script src=");
                assertThat(INLINE_SCRIPT.matcher(html).find())
                        .as(path + " has no inline script")
                        .isFalse();
                assertThat(EVENT_ATTRIBUTE.matcher(html).find())
                        .as(path + " has no event-handler attribute")
                        .isFalse();
                assertThat(html).as(path + " has no style attribute").doesNotContain(" style=");
                assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            }
        }
    }

    @Test
    void a_change_without_the_sessions_csrf_token_is_refused_and_changes_nothing() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            user(s, "ada", "default", "member");
            user(s, "bob", "default", "member");
            String[] ada = session(s, "ada");
            String bobsToken = session(s, "bob")[1];
            String before = text(s.get(STORAGE + "/list"));
            String form = "application/x-www-form-urlencoded";
            // What another site's form would send: the cookie, a form body, no header.
            for (String[] extra : new String[][] {
                {"Content-Type", form},
                {"Content-Type", form, "X-Coffer-CSRF", "1"},
                {"Content-Type", form, "X-Coffer-CSRF", "not-the-token"},
                {"Content-Type", form, "X-Coffer-CSRF", bobsToken},
                {"Content-Type", form, "Origin", s.url()}
            }) {
                String[] headers = new String[extra.length + 4];
                headers[0] = "Authorization";
                headers[1] = null;
                headers[2] = "Cookie";
                headers[3] = ada[0];
                System.arraycopy(extra, 0, headers, 4, extra.length);
                HttpResponse<byte[]> r =
                        s.send("POST", STORAGE + "/mkdir/forged", "a=1".getBytes(StandardCharsets.UTF_8), headers);
                assertThat(r.statusCode()).as(String.join(" ", extra)).isEqualTo(403);
                assertThat(text(r)).contains("CSRF");
                assertThat(s.send("DELETE", STORAGE + "/files/x", null, headers).statusCode())
                        .isEqualTo(403);
            }
            assertThat(text(s.get(STORAGE + "/list"))).as("nothing changed").isEqualTo(before);
            HttpResponse<byte[]> right = s.send(
                    "POST",
                    STORAGE + "/mkdir/made",
                    null,
                    "Authorization",
                    null,
                    "Cookie",
                    ada[0],
                    "X-Coffer-CSRF",
                    ada[1]);
            assertThat(right.statusCode()).as(text(right)).isEqualTo(201);
            // The page hands out exactly the session's token.
            assertThat(text(page(s, ada[0], FILES_PAGE)))
                    .contains("<meta name=\"coffer-csrf\" content=\"" + ada[1] + "\">");
        }
    }

    @Test
    void another_teams_member_gets_the_same_not_found_page_as_for_a_team_that_does_not_exist() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            user(s, "ada", "default", "member");
            user(s, "eve", null, null);
            ok(s.post("/api/v1/teams/default/notebooks", "{\"name\":\"zebra-lab\",\"cluster\":\"default\"}"), 201);
            ok(s.put(STORAGE + "/files/private/plan.txt", "secret plan".getBytes()), 201);
            String eve = session(s, "eve")[0];
            for (String path : List.of(
                    "/ui/teams/default",
                    FILES_PAGE,
                    FILES_PAGE + "/private",
                    "/ui/teams/default/notebooks/zebra-lab/files")) {
                HttpResponse<byte[]> theirs = page(s, eve, path);
                HttpResponse<byte[]> nobodys = page(s, eve, path.replace("/teams/default", "/teams/nosuch"));
                assertThat(theirs.statusCode()).as(path).isEqualTo(404);
                assertThat(nobodys.statusCode()).as(path).isEqualTo(404);
                assertThat(text(theirs).replace("default", "T"))
                        .as(path + ": nothing tells an existing team from a missing one")
                        .isEqualTo(text(nobodys).replace("nosuch", "T"));
                assertThat(text(theirs)).doesNotContain("plan.txt").doesNotContain("zebra-lab");
            }
            // Signed out, a page sends the browser to sign in and back, never to another site.
            HttpResponse<byte[]> out = s.send("GET", FILES_PAGE, null, "Authorization", null);
            assertThat(out.statusCode()).isEqualTo(302);
            assertThat(out.headers().firstValue("Location").orElseThrow())
                    .isEqualTo("/login?next=" + FILES_PAGE.replace("/", "%2F"));
            assertThat(text(s.send("GET", "/login?next=//evil.example/x", null, "Authorization", null)))
                    .contains("data-next=\"/\"");
        }
    }

    @Test
    void a_secret_value_appears_on_no_page() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            user(s, "ada", "default", "admin");
            String value = "sk-live-0123456789-do-not-show";
            ok(
                    s.send(
                            "PUT",
                            "/api/v1/teams/default/secrets/aws-key",
                            ("{\"value\":\"" + value + "\"}").getBytes()),
                    201);
            String cookie = session(s, "ada")[0];
            for (String path : List.of(
                    "/ui/teams/default",
                    FILES_PAGE,
                    "/ui/teams/default/admin",
                    "/ui/teams/default/admin?action=secrets.set")) {
                assertThat(text(page(s, cookie, path))).as(path).doesNotContain(value);
            }
        }
    }
}

package dev.coffer.server.web;

import static dev.coffer.server.web.WebUiFixture.json;
import static dev.coffer.server.web.WebUiFixture.signIn;
import static dev.coffer.server.web.WebUiFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.TestServer;
import dev.coffer.testkit.Browser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.Select;

/**
 * The Admin tab in a browser: a team admin changes a member's role, sets and replaces a secret
 * whose value never comes back to a page, makes an API token shown once and revokes it, and
 * filters the audit log; a viewer is told that secrets are not theirs to see.
 */
class TeamAdminBrowserTest {
    static final String T = "/api/v1/teams/default";
    static final String SECRET = "sk-live-never-on-a-page-0123456789";

    @TempDir
    Path work;

    @Test
    void a_team_admin_manages_members_secrets_and_tokens_and_reads_the_audit_log() throws Exception {
        try (TestServer s = TestServer.start(work.resolve("server"));
                Browser b = new Browser("team-admin", work.resolve("browser"))) {
            user(s, "ada", "default", "admin");
            user(s, "bob", "default", "member");
            signIn(b, s, "ada");
            b.open(s.url() + "/ui/teams/default/admin");
            assertThat(b.all("#members tr[data-user]")).hasSizeGreaterThanOrEqualTo(2);
            assertThat(b.find("#plan").getText()).contains("Plans are changed by the server's operators");
            assertThat(b.all("#plan-select")).isEmpty();

            new Select(b.find("#members tr[data-user='bob'] select.role")).selectByValue("viewer");
            b.find("#members tr[data-user='bob'] button[data-action='set-role']")
                    .click();
            b.until(
                    10,
                    d -> "viewer".equals(b.find("#members tr[data-user='bob']").getDomAttribute("data-role")));
            assertThat(json(s.get(T + "/members")).path("members").findValuesAsText("role"))
                    .contains("viewer");

            b.find("#set-secret").click();
            answer(b, "s3-key");
            assertThat(b.find("#ask-input").getDomProperty("type")).isEqualTo("password");
            answer(b, SECRET);
            b.until(10, d -> !b.all("#secrets tr[data-secret='s3-key']").isEmpty());
            b.find("#secrets tr[data-secret='s3-key'] button[data-action='replace-secret']")
                    .click();
            answer(b, SECRET + "-2");
            b.until(10, d -> b.find("#flash").getText().contains("Replaced the secret s3-key"));
            b.screenshot("secrets");
            assertThat(b.driver.getPageSource()).doesNotContain(SECRET);

            b.find("#create-token").click();
            answer(b, "laptop");
            b.until(10, d -> b.find("#ask-input").getDomProperty("readOnly").equals("true"));
            String token = b.find("#ask-input").getDomProperty("value");
            assertThat(token).isNotBlank();
            assertThat(s.send("GET", "/api/v1/me", null, "Authorization", "Bearer " + token)
                            .statusCode())
                    .isEqualTo(200);
            b.screenshot("token-shown-once");
            b.find("#ask-ok").click();
            b.until(10, d -> !b.all("#tokens tr[data-name='laptop']").isEmpty());
            assertThat(b.driver.getPageSource()).doesNotContain(token);
            b.find("#tokens tr[data-name='laptop'] button[data-action='revoke-token']")
                    .click();
            b.until(5, d -> b.find("#ask").isDisplayed());
            b.find("#ask-ok").click();
            b.until(10, d -> b.find("#tokens tr[data-name='laptop']").getText().contains("revoked"));
            assertThat(s.send("GET", "/api/v1/me", null, "Authorization", "Bearer " + token)
                            .statusCode())
                    .isEqualTo(401);

            b.find("#f-action").sendKeys("secrets.set");
            b.find("#audit form button[type=submit]").click();
            b.until(10, d -> d.getCurrentUrl().contains("action=secrets.set"));
            b.screenshot("audit-filtered");
            assertThat(b.all("#audit-events tbody tr")).hasSize(2);
            assertThat(b.all("#audit-events tbody tr").stream().map(r -> r.getDomAttribute("data-action")))
                    .containsOnly("secrets.set");
            assertThat(b.driver.getPageSource()).doesNotContain(SECRET);
        }
        try (TestServer s = TestServer.start(work.resolve("server2"));
                Browser b = new Browser("team-admin-viewer", work.resolve("browser2"))) {
            user(s, "vera", "default", "viewer");
            signIn(b, s, "vera");
            b.open(s.url() + "/ui/teams/default/admin");
            assertThat(b.find("#secrets").getText()).doesNotContain("Set a secret");
            assertThat(b.all("#secrets .empty")).isNotEmpty();
            b.screenshot("viewer");
        }
    }

    /** Types into the page's dialog and confirms. */
    static void answer(Browser b, String text) {
        b.until(5, d -> b.find("#ask").isDisplayed() && b.find("#ask-input").isDisplayed());
        b.find("#ask-input").clear();
        b.find("#ask-input").sendKeys(text);
        b.find("#ask-ok").click();
    }
}

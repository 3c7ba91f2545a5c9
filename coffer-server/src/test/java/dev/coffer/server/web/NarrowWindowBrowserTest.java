package dev.coffer.server.web;

import static dev.coffer.server.web.WebUiFixture.ok;
import static dev.coffer.server.web.WebUiFixture.signIn;
import static dev.coffer.server.web.WebUiFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.TestServer;
import dev.coffer.testkit.Browser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The pages in a phone-sized window: nothing is wider than the window (no sideways scrolling),
 * and the keyboard reaches the page's content first (a skip link) and then its controls.
 */
class NarrowWindowBrowserTest {
    @TempDir
    Path work;

    @Test
    void every_page_fits_a_narrow_window_and_the_keyboard_reaches_it() throws Exception {
        try (TestServer s = TestServer.start(work.resolve("server"));
                Browser b = new Browser("narrow-window", work.resolve("browser"), 400, 800)) {
            user(s, "ada", "default", "admin");
            ok(
                    s.put(
                            "/api/v1/teams/default/storage/default/files/reports/a-long-file-name-for-a-narrow-window.csv",
                            "a".getBytes()),
                    201);
            ok(s.post("/api/v1/teams/default/notebooks", "{\"name\":\"lab\",\"cluster\":\"default\"}"), 201);
            signIn(b, s, "ada");
            for (String page : List.of(
                    "/ui/teams/default",
                    "/ui/teams/default/storage/default/files/reports",
                    "/ui/teams/default/datasets",
                    "/ui/teams/default/notebooks/lab",
                    "/ui/teams/default/storage",
                    "/ui/teams/default/utilization",
                    "/ui/teams/default/admin")) {
                b.open(s.url() + page);
                long overflow = (Long)
                        b.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                b.screenshot(page.substring(page.lastIndexOf('/') + 1));
                assertThat(overflow)
                        .as(page + " scrolls sideways by %d px", overflow)
                        .isLessThanOrEqualTo(0);
            }
            b.open(s.url() + "/ui/teams/default/storage/default/files");
            new Actions(b.driver).sendKeys(Keys.TAB).perform();
            assertThat(b.script("return document.activeElement.textContent")).isEqualTo("Skip to content");
            new Actions(b.driver).sendKeys(Keys.ENTER).perform();
            for (int i = 0; i < 3; i++) new Actions(b.driver).sendKeys(Keys.TAB).perform();
            assertThat(b.script("return document.activeElement.closest('main') !== null"))
                    .as("the keyboard moves on inside the page's content")
                    .isEqualTo(true);
        }
    }
}

package dev.coffer.server.web;

import static dev.coffer.server.web.WebUiFixture.json;
import static dev.coffer.server.web.WebUiFixture.ok;
import static dev.coffer.server.web.WebUiFixture.signIn;
import static dev.coffer.server.web.WebUiFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * The Storage and Utilization tabs in a browser, checked figure by figure against the API: each
 * volume's and version's size, files and "deleting this frees", the usage, the overage so far and
 * the projected bill in dollars, and a chart drawn with every point of the series.
 */
class UsageTabsBrowserTest {
    static final String T = "/api/v1/teams/default";

    @TempDir
    Path work;

    @Test
    void the_storage_and_utilization_tabs_show_what_the_api_answers() throws Exception {
        Path plans = Files.writeString(work.resolve("plans.yaml"), """
                default: small
                small:
                  displayName: Small
                  included: 1MB
                  price: 1000
                """);
        try (TestServer s = TestServer.start(work.resolve("server"), Map.of("COFFER_PLANS_FILE", plans.toString()));
                Browser b = new Browser("usage-tabs", work.resolve("browser"))) {
            user(s, "ada", "default", "member");
            ok(s.put(T + "/storage/default/files/data/a.bin", FileManagerBrowserTest.random(1, 2_500_000)), 201);
            ok(
                    s.put(T + "/storage/default/files/data/copy-of-a.bin", FileManagerBrowserTest.random(1, 2_500_000)),
                    201);
            ok(s.post(T + "/notebooks", "{\"name\":\"lab\",\"cluster\":\"default\"}"), 201);
            ok(s.put(T + "/notebooks/lab/files/notes.txt", "notes".getBytes()), 201);
            ok(s.post(T + "/datasets", "{\"name\":\"survey\"}"), 201);
            ok(s.post(T + "/datasets/survey/versions", "{}"), 201);
            ok(s.put(T + "/datasets/survey:1/files/answers.csv", FileManagerBrowserTest.random(2, 700_000)), 201);
            ok(s.post(T + "/datasets/survey/versions/1/commit", "{}"), 200);

            signIn(b, s, "ada");
            b.find("nav.tabs a[href$='/storage']").click();
            b.until(10, d -> d.getCurrentUrl().endsWith("/ui/teams/default/storage"));
            b.screenshot("storage-tab");
            JsonNode view = json(s.get(T + "/storage-view"));
            assertThat(Long.parseLong(b.find("#usage-total").getDomAttribute("data-bytes")))
                    .isEqualTo(view.path("usageBytes").asLong());
            assertThat(b.all("#volumes tbody tr")).hasSize(view.path("volumes").size());
            for (JsonNode v : view.path("volumes")) {
                WebElement row =
                        b.find("#volumes tr[data-kind='" + v.path("kind").asText() + "'][data-name='"
                                + v.path("name").asText() + "']");
                assertThat(row.getDomAttribute("data-bytes"))
                        .isEqualTo(v.path("logicalBytes").asText());
                assertThat(row.getDomAttribute("data-files"))
                        .isEqualTo(v.path("files").asText());
                assertThat(row.getDomAttribute("data-frees"))
                        .isEqualTo(v.path("freesBytes").asText());
                assertThat(row.getText())
                        .contains(Sizes.human(v.path("logicalBytes").asLong()));
            }
            JsonNode storage = view.path("volumes").findParent("cluster");
            assertThat(storage.path("logicalBytes").asLong()).isEqualTo(5_000_000);
            assertThat(storage.path("freesBytes").asLong())
                    .as("two copies of one content are stored once")
                    .isLessThan(5_000_000);
            JsonNode version = view.path("datasets").get(0).path("versions").get(0);
            WebElement versionRow = b.find(".dataset-usage[data-dataset='survey'] tr[data-version='1']");
            assertThat(versionRow.getDomAttribute("data-bytes"))
                    .isEqualTo(version.path("logicalBytes").asText());
            assertThat(versionRow.getDomAttribute("data-frees"))
                    .isEqualTo(version.path("freesBytes").asText());
            assertThat(versionRow.getText()).contains("700.0 kB");

            b.find("nav.tabs a[href$='/utilization']").click();
            b.until(10, d -> d.getCurrentUrl().endsWith("/ui/teams/default/utilization"));
            JsonNode u = json(s.get(T + "/utilization"));
            b.until(10, d -> b.find("#usage-chart").getDomAttribute("data-rendered") != null);
            b.screenshot("utilization-tab");
            assertThat(b.find("#plan").getText()).isEqualTo("Small");
            assertThat(Long.parseLong(b.find("#usage-now").getDomAttribute("data-bytes")))
                    .isEqualTo(u.path("usageBytes").asLong());
            assertThat(b.find("#overage").getDomAttribute("data-bytes"))
                    .isEqualTo(u.path("overageBytes").asText());
            assertThat(u.path("overageBytes").asLong()).isPositive();
            String projected = u.path("projected").path("amount").asText();
            assertThat(b.find("#projected").getText()).isEqualTo("$" + projected);
            assertThat(b.find("#so-far").getText())
                    .isEqualTo("$" + u.path("soFar").path("amount").asText());
            assertThat(Double.parseDouble(projected)).as("a bill is projected").isPositive();
            assertThat(b.find("#usage-chart").getDomAttribute("data-rendered"))
                    .as("every point of the series, and now")
                    .isEqualTo(String.valueOf(u.path("points").size() + 1));
            assertThat(b.find("#usage-chart").getSize().getHeight()).isGreaterThan(100);
        }
    }
}

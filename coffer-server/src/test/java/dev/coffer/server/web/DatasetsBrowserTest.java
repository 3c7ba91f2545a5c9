package dev.coffer.server.web;

import static dev.coffer.server.web.WebUiFixture.json;
import static dev.coffer.server.web.WebUiFixture.ok;
import static dev.coffer.server.web.WebUiFixture.signIn;
import static dev.coffer.server.web.WebUiFixture.text;
import static dev.coffer.server.web.WebUiFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Datasets in a browser: a member makes a dataset, uploads its first version into a draft and
 * commits it, changes a second draft (a file changed, one removed, one added) and commits it, sees
 * the diff between the two, and mounts the first version, pinned, from a notebook's page: the
 * notebook's settings file says so, and says nothing of it after Unmount.
 */
class DatasetsBrowserTest {
    static final String T = "/api/v1/teams/default";

    @TempDir
    Path work;

    @Test
    void a_member_makes_two_versions_compares_them_and_mounts_the_first_in_a_notebook() throws Exception {
        Path one = Files.createDirectories(work.resolve("one"));
        Files.writeString(one.resolve("a.csv"), "id,score\n1,10\n");
        Files.writeString(one.resolve("b.csv"), "id,name\n1,ada\n");
        Path two = Files.createDirectories(work.resolve("two"));
        Files.writeString(two.resolve("a.csv"), "id,score\n1,10\n2,20\n");
        Files.writeString(two.resolve("c.csv"), "id,city\n1,Paris\n");

        try (TestServer s = TestServer.start(work.resolve("server"));
                Browser b = new Browser("datasets", work.resolve("browser"))) {
            user(s, "ada", "default", "member");
            ok(s.post(T + "/notebooks", "{\"name\":\"lab\",\"cluster\":\"default\"}"), 201);
            signIn(b, s, "ada");

            b.find("nav.tabs a[href$='/datasets']").click();
            b.until(10, d -> d.getCurrentUrl().endsWith("/ui/teams/default/datasets"));
            b.find("#new-dataset").click();
            b.until(5, d -> b.find("#ask").isDisplayed());
            b.find("#ask-input").sendKeys("survey");
            b.find("#ask-ok").click();
            b.until(10, d -> d.getCurrentUrl().endsWith("/ui/teams/default/datasets/survey"));
            String datasetPage = b.driver.getCurrentUrl();

            commitVersion(b, datasetPage, 1, "first answers", draft -> upload(b, one, "a.csv", "b.csv"));
            commitVersion(b, datasetPage, 2, "more answers", draft -> {
                upload(b, two, "a.csv", "c.csv");
                FileManagerBrowserTest.action(b, "b.csv", "delete");
                b.find("#ask-ok").click();
                b.until(10, d -> !FileManagerBrowserTest.names(b).contains("b.csv"));
            });
            b.screenshot("versions");
            WebElement v2 = b.find("#versions tr[data-version='2']");
            JsonNode apiV2 = json(s.get(T + "/datasets/survey/versions/2"));
            assertThat(v2.getDomAttribute("data-size"))
                    .isEqualTo(apiV2.path("size").asText());
            assertThat(v2.getDomAttribute("data-files")).isEqualTo("2");
            assertThat(v2.getDomAttribute("data-new-bytes"))
                    .isEqualTo(apiV2.path("newBytes").asText());

            new Select(b.find("#diff-from")).selectByValue("1");
            new Select(b.find("#diff-to")).selectByValue("2");
            b.find("#diff-form button[type=submit]").click();
            b.until(10, d -> !b.all("#diff").isEmpty());
            b.screenshot("diff");
            assertThat(b.find("#diff-counts").getText()).isEqualTo("1 added, 1 removed, 1 changed");
            assertThat(b.find("#diff tr[data-path='/a.csv']").getDomAttribute("data-change"))
                    .isEqualTo("changed");
            assertThat(b.find("#diff tr[data-path='/b.csv']").getDomAttribute("data-change"))
                    .isEqualTo("removed");
            assertThat(b.find("#diff tr[data-path='/c.csv']").getDomAttribute("data-change"))
                    .isEqualTo("added");
            JsonNode apiDiff = json(s.get(T + "/datasets/survey/diff?from=1&to=2"));
            assertThat(apiDiff.path("changes").size())
                    .isEqualTo(b.all("#diff tbody tr").size());

            // The notebook's own files: the reserved name is refused with its reason shown.
            b.open(s.url() + "/ui/teams/default/notebooks/lab/files");
            b.find("#new-folder").click();
            b.until(5, d -> b.find("#ask").isDisplayed());
            b.find("#ask-input").sendKeys("checkpoints");
            b.find("#ask-ok").click();
            b.until(10, d -> b.find("#flash").getText().contains("reserved"));
            assertThat(b.find("#flash").getText()).contains("Jupyter keeps its checkpoints there");
            b.screenshot("reserved-name");

            b.open(s.url() + "/ui/teams/default");
            b.find("a[href='/ui/teams/default/notebooks/lab']").click();
            b.until(10, d -> d.getCurrentUrl().endsWith("/notebooks/lab"));
            new Select(b.find("#mountables tr[data-dataset='survey'] select.version")).selectByValue("1");
            b.find("#mountables tr[data-dataset='survey'] button[data-action='mount']")
                    .click();
            b.until(
                    10,
                    d -> "true"
                            .equals(b.find("#mountables tr[data-dataset='survey']")
                                    .getDomAttribute("data-mounted")));
            assertThat(b.find("#mountables tr[data-dataset='survey'] td.mounted")
                            .getText())
                    .isEqualTo("/datasets/survey (version 1)");
            b.screenshot("mounted");
            Map<?, ?> survey = (Map<?, ?>) integrations(s).get("survey");
            assertThat(survey.get("type")).isEqualTo("dataset");
            assertThat(survey.get("id")).isEqualTo("survey");
            assertThat(String.valueOf(survey.get("version"))).isEqualTo("1");

            b.find("#mountables tr[data-dataset='survey'] button[data-action='unmount']")
                    .click();
            b.until(
                    10,
                    d -> "false"
                            .equals(b.find("#mountables tr[data-dataset='survey']")
                                    .getDomAttribute("data-mounted")));
            b.screenshot("unmounted");
            assertThat(integrations(s).containsKey("survey")).isFalse();
        }
    }

    interface DraftWork {
        void fill(String draftFiles) throws Exception;
    }

    /** Starts draft {@code n} from the dataset's page, fills it in the file manager, commits it with {@code message}. */
    static void commitVersion(Browser b, String datasetPage, int n, String message, DraftWork work) throws Exception {
        b.open(datasetPage);
        b.find("#new-draft").click();
        b.until(
                10,
                d -> !b.all("#versions tr[data-version='" + n + "'][data-state='draft']")
                        .isEmpty());
        b.find("#versions tr[data-version='" + n + "'] a.button").click();
        b.until(10, d -> d.getCurrentUrl().contains("/datasets/survey%3A" + n + "/files"));
        assertThat(b.find("h1").getText()).isEqualTo("Dataset survey, version " + n + " (draft)");
        work.fill(b.driver.getCurrentUrl());
        b.screenshot("draft-" + n);
        b.open(datasetPage);
        b.find("#versions tr[data-version='" + n + "'] button[data-action='commit']")
                .click();
        b.until(5, d -> b.find("#ask").isDisplayed());
        b.find("#ask-input").sendKeys(message);
        b.find("#ask-ok").click();
        b.until(
                10,
                d -> !b.all("#versions tr[data-version='" + n + "'][data-state='committed']")
                        .isEmpty());
    }

    static void upload(Browser b, Path folder, String... names) {
        b.find("#pick-files")
                .sendKeys(String.join(
                        "\n",
                        List.of(names).stream()
                                .map(n -> folder.resolve(n).toString())
                                .toList()));
        b.until(
                30,
                d -> "false".equals(b.find("#upload-indicator").getDomAttribute("data-busy"))
                        && b.all("#upload-list li[data-state='failed']").isEmpty()
                        && FileManagerBrowserTest.names(b).containsAll(List.of(names)));
    }

    static Map<?, ?> integrations(TestServer s) {
        var r = s.get(T + "/notebooks/lab/files/.coffer/settings.yaml");
        ok(r, 200);
        Map<?, ?> top = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(text(r));
        return (Map<?, ?>) top.get("integrations");
    }
}

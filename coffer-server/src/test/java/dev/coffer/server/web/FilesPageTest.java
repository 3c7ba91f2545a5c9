package dev.coffer.server.web;

import static dev.coffer.server.web.WebUiFixture.ok;
import static dev.coffer.server.web.WebUiFixture.session;
import static dev.coffer.server.web.WebUiFixture.text;
import static dev.coffer.server.web.WebUiFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notebook's files page shows its files only while it is Running; otherwise it says why, in
 * the API's own words (the same check refuses the page and the API).
 */
class FilesPageTest {
    static final String T = "/api/v1/teams/default";
    static final String PAGE = "/ui/teams/default/notebooks/lab/files";

    @TempDir
    Path data;

    @Test
    void a_stopped_notebooks_files_page_says_why_and_shows_no_files() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            user(s, "ada", "default", "member");
            ok(s.post(T + "/notebooks", "{\"name\":\"lab\",\"cluster\":\"default\"}"), 201);
            ok(s.put(T + "/notebooks/lab/files/train.py", "print(1)".getBytes()), 201);
            String cookie = session(s, "ada")[0];
            String running = text(s.send("GET", PAGE, null, "Authorization", null, "Cookie", cookie));
            assertThat(running).contains("data-name=\"train.py\"").contains("id=\"pick-files\"");

            ok(s.post(T + "/notebooks/lab/state", "{\"state\":\"Stopping\"}"), 200);
            ok(s.post(T + "/notebooks/lab/state", "{\"state\":\"Stopped\"}"), 200);
            var answer = s.send("GET", PAGE, null, "Authorization", null, "Cookie", cookie);
            assertThat(answer.statusCode()).isEqualTo(409);
            String stopped = text(answer);
            assertThat(stopped)
                    .contains("Not available now")
                    .contains("the notebook is Stopped: its /notebooks files are shown only while it is Running")
                    .doesNotContain("train.py")
                    .doesNotContain("id=\"pick-files\"");
        }
    }
}

package dev.coffer.server.web;

import static dev.coffer.server.web.WebUiFixture.signIn;
import static dev.coffer.server.web.WebUiFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.TestServer;
import dev.coffer.testkit.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload in the middle of a file: the page lists the upload as unfinished, and picking the file
 * again sends only the parts the server did not get; the server's byte counter proves no part
 * travelled twice, and the stored file has the digest of the original.
 */
class UploadResumeBrowserTest {
    static final String FILES_PAGE = "/ui/teams/default/storage/default/files";
    static final long SIZE = 48L << 20;

    @TempDir
    Path work;

    @Test
    void a_reload_in_the_middle_of_a_file_resumes_without_sending_finished_parts_again() throws Exception {
        Path file = work.resolve("model.bin");
        FileManagerBrowserTest.writeRandom(file, 21, SIZE);
        try (TestServer s = TestServer.start(work.resolve("server"));
                Browser b = new Browser("upload-resume", work.resolve("browser"))) {
            user(s, "ada", "default", "member");
            signIn(b, s, "ada");
            b.open(s.url() + FILES_PAGE);
            long before = s.server().traffic().contentBytesIn();

            // A slow link (8 MiB/s), so that the reload lands in the middle of the file.
            b.throttle(8L << 20);
            b.find("#pick-files").sendKeys(file.toString());
            b.until(60, d -> received(s, before) >= 12L << 20);
            b.screenshot("mid-file");
            b.driver.navigate().refresh();
            long firstTry = settled(s, before);
            assertThat(firstTry).as("the reload cut the upload short").isLessThan(SIZE);
            assertThat(s.get("/api/v1/teams/default/storage/default/stat/model.bin")
                            .statusCode())
                    .as("nothing is committed before the whole file is there")
                    .isEqualTo(404);

            b.until(10, d -> b.find("#resume").isDisplayed());
            assertThat(b.find("#resume-list li[data-path='model.bin']").getText())
                    .contains("model.bin");
            b.screenshot("unfinished-after-reload");

            b.unthrottle();
            b.find("#pick-files").sendKeys(file.toString());
            b.until(
                    120,
                    d -> !b.all("#upload-list li[data-path='model.bin'][data-state='done']")
                            .isEmpty());
            long secondTry = received(s, before) - firstTry;
            b.screenshot("resumed");

            assertThat(firstTry + secondTry)
                    .as("every part travelled once: %d bytes before the reload, %d after", firstTry, secondTry)
                    .isEqualTo(SIZE);
            assertThat(Long.parseLong(
                            b.find("#upload-list li[data-path='model.bin']").getDomAttribute("data-sent")))
                    .as("the page counted the same")
                    .isEqualTo(secondTry);
            assertThat(WebUiFixture.json(s.get("/api/v1/teams/default/storage/default/stat/model.bin"))
                            .path("digest")
                            .asText())
                    .isEqualTo(WebUiFixture.digestOf(file));
            b.until(10, d -> !b.find("#resume").isDisplayed());
            assertThat(Files.size(file)).isEqualTo(SIZE);
        }
    }

    static long received(TestServer s, long before) {
        return s.server().traffic().contentBytesIn() - before;
    }

    /** The count once a chunk the browser dropped mid-way has had its chance to land (or not). */
    static long settled(TestServer s, long before) throws InterruptedException {
        long last = -1;
        long now = received(s, before);
        while (now != last) {
            last = now;
            Thread.sleep(1500);
            now = received(s, before);
        }
        return now;
    }
}

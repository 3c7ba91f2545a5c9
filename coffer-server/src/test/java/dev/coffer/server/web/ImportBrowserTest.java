package dev.coffer.server.web;

import static dev.coffer.server.web.WebUiFixture.json;
import static dev.coffer.server.web.WebUiFixture.signIn;
import static dev.coffer.server.web.WebUiFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.Browser;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import from a URL on the file manager's page: the server downloads the file as a job, the page
 * follows the job's progress to the end and lists the file, which holds the source's bytes.
 */
class ImportBrowserTest {
    @TempDir
    Path work;

    @Test
    void a_file_imported_from_a_url_is_followed_to_the_end_and_listed() throws Exception {
        byte[] bytes = FileManagerBrowserTest.random(41, 6_000_000);
        HttpServer source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        source.createContext("/files/model.bin", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < bytes.length; i += 1 << 20)
                    out.write(bytes, i, Math.min(1 << 20, bytes.length - i));
            }
        });
        source.start();
        String host = "127.0.0.1:" + source.getAddress().getPort();
        try (TestServer s = TestServer.start(work.resolve("server"), Map.of("COFFER_IMPORTS_ALLOW_HOSTS", host));
                Browser b = new Browser("import", work.resolve("browser"))) {
            user(s, "ada", "default", "member");
            signIn(b, s, "ada");
            b.open(s.url() + "/ui/teams/default/storage/default/files");
            b.find("#import-url").click();
            b.until(5, d -> b.find("#ask").isDisplayed());
            b.find("#ask-input").sendKeys("http://" + host + "/files/model.bin");
            b.find("#ask-ok").click();
            b.until(
                    60,
                    d -> !b.all("#upload-list li[data-path='model.bin'][data-state='done']")
                            .isEmpty());
            b.screenshot("imported");
            assertThat(b.find("#upload-list li[data-path='model.bin']").getDomAttribute("data-bytes-done"))
                    .isEqualTo(String.valueOf(bytes.length));
            b.until(10, d -> FileManagerBrowserTest.names(b).contains("model.bin"));
            Path original = Files.write(work.resolve("model.bin"), bytes);
            assertThat(json(s.get("/api/v1/teams/default/storage/default/stat/model.bin"))
                            .path("digest")
                            .asText())
                    .isEqualTo(WebUiFixture.digestOf(original));
        } finally {
            source.stop(0);
        }
    }
}

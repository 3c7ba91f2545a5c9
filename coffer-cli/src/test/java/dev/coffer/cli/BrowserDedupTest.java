package dev.coffer.cli;

import static dev.coffer.cli.Processes.asOperator;
import static dev.coffer.cli.Processes.coffer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testkit.Browser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser and the CLI cut files the same way: a file the CLI uploaded, uploaded again from
 * the web page, sends no content byte (the server's counter does not move) and is stored as the
 * same content.
 */
class BrowserDedupTest {
    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path tmp;

    @Test
    void a_file_the_cli_uploaded_goes_up_from_the_page_without_sending_its_bytes() throws Exception {
        Path file = Processes.randomFile(tmp.resolve("weights.bin"), 20L << 20, 31);
        Path config = tmp.resolve("config");
        try (Processes.Server server = Processes.Server.start(tmp.resolve("data"), "256m");
                Browser b = new Browser("browser-dedup", tmp.resolve("browser"))) {
            Processes.Result cp = coffer(server, config, "cp", file.toString(), "storage:from-cli/weights.bin");
            assertThat(cp.exit()).as(cp.stderr()).isZero();
            asOperator(server, "POST", "/api/v1/users", "{\"name\":\"ada\",\"password\":\"" + PASSWORD + "\"}");
            asOperator(server, "POST", "/api/v1/teams/default/members", "{\"user\":\"ada\",\"role\":\"member\"}");
            long before = contentBytesIn(server);

            b.signIn(server.url, "ada", PASSWORD);
            b.open(server.url + "/ui/teams/default/storage/default/files");
            b.find("#pick-files").sendKeys(file.toString());
            b.until(
                    60,
                    d -> !b.all("#upload-list li[data-path='weights.bin'][data-state='done']")
                            .isEmpty());
            b.screenshot("uploaded-without-sending");

            assertThat(contentBytesIn(server)).as("no content byte travelled").isEqualTo(before);
            var row = b.find("#upload-list li[data-path='weights.bin']");
            assertThat(row.getDomAttribute("data-sent")).isEqualTo("0");
            assertThat(row.getText()).contains("0 B sent");
            String fromCli = asOperator(
                            server, "GET", "/api/v1/teams/default/storage/default/stat/from-cli/weights.bin", null)
                    .path("digest")
                    .asText();
            String fromPage = asOperator(server, "GET", "/api/v1/teams/default/storage/default/stat/weights.bin", null)
                    .path("digest")
                    .asText();
            assertThat(fromPage).isEqualTo(fromCli).hasSize(64);
        }
    }

    static long contentBytesIn(Processes.Server server) throws Exception {
        return asOperator(server, "GET", "/api/v1/admin/traffic", null)
                .path("contentBytesIn")
                .asLong();
    }
}

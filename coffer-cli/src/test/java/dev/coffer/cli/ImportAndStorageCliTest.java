package dev.coffer.cli;

import static dev.coffer.cli.Processes.coffer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** coffer import, jobs, storage and admin usage as users run them, against a server process. */
class ImportAndStorageCliTest {
    @TempDir
    Path tmp;

    @Test
    void a_url_is_imported_in_the_background_and_the_storage_view_and_recount_show_it() throws Exception {
        byte[] bytes = new byte[2_500_000];
        new Random(5).nextBytes(bytes);
        HttpServer source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        source.createContext("/files/model.bin", ex -> {
            ex.sendResponseHeaders(200, bytes.length);
            try (var out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        source.start();
        String url = "http://127.0.0.1:" + source.getAddress().getPort() + "/files/model.bin";
        Path config = tmp.resolve("config");
        try (Processes.Server server = Processes.Server.start(tmp.resolve("data"), "256m",
                Map.of("COFFER_IMPORTS_ALLOW_HOSTS", "127.0.0.1:" + source.getAddress().getPort()))) {
            Processes.Result imported = coffer(server, config, "import", url, "storage:incoming", "--wait", "--json");
            assertThat(imported.exit()).as(imported.stderr()).isZero();
            JsonNode job = imported.json();
            assertThat(job.path("state").asText()).isEqualTo("done");
            assertThat(job.path("bytesDone").asLong()).isEqualTo(bytes.length);

            Path back = tmp.resolve("back.bin");
            Processes.Result down = coffer(server, config, "cp", "storage:incoming/model.bin", back.toString());
            assertThat(down.exit()).as(down.stderr()).isZero();
            assertThat(Files.readAllBytes(back)).isEqualTo(bytes);

            Processes.Result jobs = coffer(server, config, "jobs", "ls");
            assertThat(jobs.stdout()).contains("done").contains(url).contains("/incoming/model.bin");

            Processes.Result view = coffer(server, config, "storage", "--json");
            assertThat(view.exit()).as(view.stderr()).isZero();
            assertThat(view.json().path("usageBytes").asLong()).isEqualTo(bytes.length);
            Processes.Result folder = coffer(server, config, "storage", "storage:incoming");
            assertThat(folder.stdout()).contains("1 files");

            Processes.Result recount = coffer(server, config, "admin", "usage", "--recount");
            assertThat(recount.exit()).as(recount.stdout() + recount.stderr()).isZero();
            assertThat(recount.stdout()).contains("recount agrees");

            Processes.Result refused = coffer(server, config, "import", "http://10.0.0.1/x", "storage:incoming");
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.stderr()).contains("private");
        } finally {
            source.stop(0);
        }
    }
}

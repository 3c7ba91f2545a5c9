package dev.coffer.cli;

import static dev.coffer.cli.Processes.coffer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
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
        byte[] bytes = random(5, 2_500_000);
        HttpServer source = sourceServing("/files/model.bin", bytes);
        String url = "http://127.0.0.1:" + source.getAddress().getPort() + "/files/model.bin";
        Path config = tmp.resolve("config");
        try (Processes.Server server = Processes.Server.start(
                tmp.resolve("data"),
                "256m",
                Map.of(
                        "COFFER_IMPORTS_ALLOW_HOSTS",
                        "127.0.0.1:" + source.getAddress().getPort()))) {
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
            assertThat(refused.stderr()).contains("not a public internet address");
        } finally {
            source.stop(0);
        }
    }

    @Test
    void a_url_is_imported_into_a_dataset_version_and_a_failed_import_commits_nothing() throws Exception {
        byte[] bytes = random(9, 1_200_000);
        HttpServer source = sourceServing("/files/weights.bin", bytes); // anything else there answers 404
        String base = "http://127.0.0.1:" + source.getAddress().getPort() + "/files/";
        Path config = tmp.resolve("config");
        try (Processes.Server server = Processes.Server.start(
                tmp.resolve("data"),
                "256m",
                Map.of(
                        "COFFER_IMPORTS_ALLOW_HOSTS",
                        "127.0.0.1:" + source.getAddress().getPort()))) {
            assertThat(coffer(server, config, "datasets", "create", "models").exit())
                    .isZero();
            Processes.Result first = coffer(
                    server,
                    config,
                    "datasets",
                    "import",
                    base + "weights.bin",
                    "models",
                    "--commit",
                    "-m",
                    "from the web",
                    "--json");
            assertThat(first.exit()).as(first.stderr()).isZero();
            assertThat(first.json().path("job").path("state").asText()).isEqualTo("done");
            assertThat(first.json().path("version").path("number").asLong()).isEqualTo(1);
            assertThat(first.json().path("version").path("files").asLong()).isEqualTo(1);
            assertThat(downloaded(server, config, "datasets/models@1:weights.bin"))
                    .isEqualTo(bytes);

            // Into an open draft, under a folder and a name of our choosing; committed by hand.
            assertThat(coffer(server, config, "datasets", "draft", "models").exit())
                    .isZero();
            Processes.Result second = coffer(
                    server,
                    config,
                    "datasets",
                    "import",
                    base + "weights.bin",
                    "models:2",
                    "--path",
                    "copies",
                    "--name",
                    "w.bin",
                    "--wait");
            assertThat(second.exit()).as(second.stderr()).isZero();
            assertThat(coffer(server, config, "datasets", "commit", "models:2").exit())
                    .isZero();
            Processes.Result listed = coffer(server, config, "ls", "datasets/models@2:copies");
            assertThat(listed.stdout()).contains("w.bin");
            assertThat(downloaded(server, config, "datasets/models@2:copies/w.bin"))
                    .isEqualTo(bytes);

            Processes.Result failed =
                    coffer(server, config, "datasets", "import", base + "gone.bin", "models", "--commit");
            assertThat(failed.exit()).isEqualTo(1);
            assertThat(failed.stderr()).contains("stays open");
            assertThat(coffer(server, config, "datasets", "show", "models:3", "--json")
                            .json()
                            .path("state")
                            .asText())
                    .as("the failed import's draft was not committed")
                    .isEqualTo("draft");
            assertThat(coffer(server, config, "datasets", "show", "models:latest", "--json")
                            .json()
                            .path("number")
                            .asLong())
                    .isEqualTo(2);
        } finally {
            source.stop(0);
        }
    }

    private byte[] downloaded(Processes.Server server, Path config, String remote) throws Exception {
        Path local = Files.createTempFile(tmp, "down", ".bin");
        Files.delete(local);
        Processes.Result r = coffer(server, config, "cp", remote, local.toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        return Files.readAllBytes(local);
    }

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A local HTTP server (the imports' source) serving {@code bytes} at {@code path}, started. */
    static HttpServer sourceServing(String path, byte[] bytes) throws IOException {
        HttpServer source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        source.createContext(path, ex -> {
            ex.sendResponseHeaders(200, bytes.length);
            try (var out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        source.start();
        return source;
    }
}

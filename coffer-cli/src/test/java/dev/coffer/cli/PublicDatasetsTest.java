package dev.coffer.cli;

import static dev.coffer.cli.Processes.asOperator;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testkit.Browser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Public datasets out of the box: the operator adds Fashion-MNIST from Debian's package, and a
 * member of another team lists and reads it with the CLI and on the web page, and cannot change it.
 */
class PublicDatasetsTest {
    static final String PASSWORD = "correct horse battery";
    static final Path PACKAGE = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path tmp;

    @Test
    void fashion_mnist_is_added_from_debian_and_every_team_reads_it_but_cannot_change_it() throws Exception {
        Path config = tmp.resolve("config");
        try (Processes.Server server = Processes.Server.start(tmp.resolve("data"), "256m");
                Browser b = new Browser("public-datasets", tmp.resolve("browser"))) {
            Processes.Result added = operator(server, config, "admin", "public-datasets", "add", "fashion-mnist");
            assertThat(added.exit()).as(added.stderr()).isZero();
            assertThat(added.stdout()).contains("committed fashion-mnist:1: 5 files");
            Processes.Result again = operator(server, config, "admin", "public-datasets", "add", "fashion-mnist");
            assertThat(again.exit()).as(again.stderr()).isZero();
            assertThat(again.stdout()).contains("nothing changed");
            assertThat(operator(server, config, "admin", "public-datasets", "add", "cifar-11")
                            .stderr())
                    .contains("no public dataset named 'cifar-11' is known; known: fashion-mnist");

            asOperator(server, "POST", "/api/v1/users", "{\"name\":\"bob\",\"password\":\"" + PASSWORD + "\"}");
            String bob = tokenOf(server, "bob");
            ProcessBuilder makeTeam = Processes.cli(server, tmp.resolve("bob"), "teams", "create", "bobco");
            makeTeam.environment().put("COFFER_TOKEN", bob);
            assertThat(Processes.run(makeTeam).exit()).isZero();

            Processes.Result ls = asBob(server, bob, "datasets", "ls", "--public");
            assertThat(ls.stdout()).contains("fashion-mnist");
            Path out = Files.createDirectories(tmp.resolve("out"));
            assertThat(asBob(server, bob, "cp", "public-datasets/fashion-mnist:README.md", out.toString())
                            .exit())
                    .isZero();
            assertThat(Files.readString(out.resolve("README.md"))).startsWith("# Fashion-MNIST");
            assertThat(asBob(
                                    server,
                                    bob,
                                    "cp",
                                    "public-datasets/fashion-mnist:t10k-labels-idx1-ubyte.gz",
                                    out.toString())
                            .exit())
                    .isZero();
            assertThat(Files.readAllBytes(out.resolve("t10k-labels-idx1-ubyte.gz")))
                    .isEqualTo(Files.readAllBytes(PACKAGE.resolve("t10k-labels-idx1-ubyte.gz")));

            Path mine = Files.createDirectories(tmp.resolve("mine"));
            Files.writeString(mine.resolve("README.md"), "mine now");
            Processes.Result push =
                    asBob(server, bob, "datasets", "push", "--public", mine.toString(), "fashion-mnist");
            assertThat(push.exit())
                    .as("a member cannot change a public dataset")
                    .isNotZero();
            assertThat(push.stderr()).contains("operator");
            assertThat(asBob(server, bob, "datasets", "rm", "--public", "fashion-mnist")
                            .exit())
                    .isNotZero();
            assertThat(asOperator(server, "GET", "/api/v1/public/datasets/fashion-mnist", null)
                            .path("latest")
                            .asLong())
                    .as("still version 1")
                    .isEqualTo(1);

            b.signIn(server.url, "bob", PASSWORD);
            b.open(server.url + "/ui/teams/bobco/datasets");
            b.find("#public-datasets a[href='/ui/teams/bobco/public-datasets/fashion-mnist']")
                    .click();
            b.until(10, d -> d.getCurrentUrl().endsWith("/public-datasets/fashion-mnist"));
            assertThat(b.find(".description").getText()).startsWith("Fashion-MNIST: 70,000");
            assertThat(b.all("#new-draft")).as("no way to change it").isEmpty();
            assertThat(b.find("#versions tr[data-version='1']").getDomAttribute("data-files"))
                    .isEqualTo("5");
            b.screenshot("public-dataset");
            b.find("#versions tr[data-version='1'] a[href$='/files']").click();
            b.until(10, d -> d.getCurrentUrl().contains("/public-datasets/fashion-mnist%3A1/files"));
            assertThat(b.all("#listing tr[data-name]").stream()
                            .map(r -> r.getDomAttribute("data-name"))
                            .toList())
                    .contains("README.md", "train-images-idx3-ubyte.gz");
            assertThat(b.all("#pick-files")).isEmpty();
            assertThat(b.all("button[data-action='delete']")).isEmpty();
            b.screenshot("public-dataset-files");
        }
    }

    /** The operator's CLI, with a cache folder of this test's own (the staged files live there). */
    Processes.Result operator(Processes.Server server, Path config, String... args) throws Exception {
        ProcessBuilder pb = Processes.cli(server, config, args);
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        return Processes.run(pb);
    }

    static Processes.Result asBob(Processes.Server server, String token, String... args) throws Exception {
        ProcessBuilder pb = Processes.cli(server, Path.of(System.getProperty("java.io.tmpdir")), args);
        pb.environment().put("COFFER_TOKEN", token);
        return Processes.run(pb);
    }

    /** Signs {@code name} in and makes a personal token, as the web UI's user would. */
    static String tokenOf(Processes.Server server, String name) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> login = http.send(
                    HttpRequest.newBuilder(URI.create(server.url + "/api/v1/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookie =
                    login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            String csrf =
                    Processes.JSON.readTree(login.body()).path("csrfToken").asText();
            HttpResponse<String> token = http.send(
                    HttpRequest.newBuilder(URI.create(server.url + "/api/v1/tokens"))
                            .header("Content-Type", "application/json")
                            .header("Cookie", cookie)
                            .header("X-Coffer-CSRF", csrf)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"cli\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return Processes.JSON.readTree(token.body()).path("token").asText();
        }
    }
}

package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.testkit.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** {@code coffer sources} as users run it, against a real server process: lifecycle and refusals. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SourcesCliTest {
    private static final String KEY_VALUE = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";

    @TempDir
    static Path tmp;

    Processes.Server server;
    Path config;
    final List<Processes.Result> outputs = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        server = Processes.Server.start(tmp.resolve("data"), "256m");
        config = tmp.resolve("config");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    Processes.Result run(String... args) throws Exception {
        ProcessBuilder pb = Processes.cli(server, config, args);
        Path in = Files.writeString(tmp.resolve("stdin-" + System.nanoTime()), KEY_VALUE + "\n");
        pb.redirectInput(ProcessBuilder.Redirect.from(in.toFile()));
        Processes.Result r = Processes.run(pb);
        outputs.add(r);
        return r;
    }

    void onPlan(String plan) throws Exception {
        Processes.setPlan(server, "default", plan);
    }

    private Processes.Result createReports() throws Exception {
        return run(
                "sources",
                "create",
                "reports",
                "--url",
                "s3://my-bucket/data",
                "--access-key-id",
                "AKIAEXAMPLE",
                "--secret",
                "bucket-key",
                "--region",
                "us-west-1");
    }

    @Test
    void sources_are_created_listed_shown_updated_and_removed_and_each_mistake_is_named() throws Exception {
        onPlan("free");
        assertThat(run("secrets", "set", "bucket-key").exit()).isZero();

        Processes.Result free = createReports();
        assertThat(free.exit()).isNotZero();
        assertThat(free.stderr()).contains("Free").contains("Pro");

        onPlan("pro");
        Processes.Result created = createReports();
        assertThat(created.exit()).as(created.stderr()).isZero();
        assertThat(created.stdout())
                .contains("added data source reports of team default")
                .contains("s3://my-bucket/data")
                .contains("secret:bucket-key");

        Processes.Result both = run(
                "sources",
                "create",
                "other",
                "--url",
                "s3://bucket-b",
                "--access-key-id",
                "A",
                "--secret",
                "bucket-key",
                "--region",
                "us-west-1",
                "--endpoint",
                "http://127.0.0.1:9000");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.stderr()).contains("--region").contains("--endpoint");
        Processes.Result neither = run(
                "sources",
                "create",
                "other",
                "--url",
                "s3://bucket-b",
                "--access-key-id",
                "A",
                "--secret",
                "bucket-key");
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.stderr()).contains("give --region");
        Processes.Result noSecret = run(
                "sources",
                "create",
                "other",
                "--url",
                "s3://bucket-b",
                "--access-key-id",
                "A",
                "--secret",
                "missing",
                "--endpoint",
                "http://127.0.0.1:9000");
        assertThat(noSecret.exit()).isNotZero();
        assertThat(noSecret.stderr()).contains("'missing'").contains("does not exist");

        Processes.Result ls = run("sources", "ls");
        assertThat(ls.stdout())
                .contains("NAME")
                .contains("reports")
                .contains("s3://my-bucket/data")
                .contains("us-west-1");
        assertThat(ls.stdout()).doesNotContain("other");

        Processes.Result moved =
                run("sources", "update", "reports", "--endpoint", "https://nyc3.digitaloceanspaces.com");
        assertThat(moved.exit()).as(moved.stderr()).isZero();
        Processes.Result shown = run("sources", "show", "--json", "reports");
        JsonNode s = new ObjectMapper().readTree(shown.stdout());
        assertThat(s.path("endpoint").asText()).isEqualTo("https://nyc3.digitaloceanspaces.com");
        assertThat(s.path("region").isNull()).isTrue();
        assertThat(s.path("pathStyle").asBoolean()).isTrue();
        assertThat(s.path("secretAccessKey").asText()).isEqualTo("secret:bucket-key");
        Processes.Result nothing = run("sources", "update", "reports");
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.stderr()).contains("nothing to change");

        assertThat(run("sources", "rm", "reports").stdout()).contains("deleted data source reports");
        Processes.Result gone = run("sources", "show", "reports");
        assertThat(gone.exit()).isNotZero();
        assertThat(gone.stderr()).contains("no data source named 'reports'");

        for (Processes.Result r : outputs) {
            assertThat(r.stdout()).doesNotContain(KEY_VALUE);
            assertThat(r.stderr()).doesNotContain(KEY_VALUE);
        }
    }

    @Test
    void files_go_to_a_bucket_and_back_through_cp_ls_cat_mv_and_rm() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.shared();
        String bucket = bucketSource(s3, "lake", "/team");

        Path local = Files.createDirectories(tmp.resolve("up"));
        Files.writeString(local.resolve("a.csv"), "x,y\n1,2\n");
        Files.createDirectories(local.resolve("sub/empty"));
        byte[] big = new byte[5 * 8 * 1024 * 1024 + 777];
        new Random(3).nextBytes(big);
        Files.write(local.resolve("sub/big.bin"), big);

        Processes.Result up = run("cp", "-r", local.toString(), "sources/lake:data");
        assertThat(up.exit()).as(up.stderr()).isZero();
        List<String> keys = s3.client().listObjectsV2(q -> q.bucket(bucket)).contents().stream()
                .map(o -> o.key())
                .toList();
        assertThat(keys).containsExactlyInAnyOrder("team/data/a.csv", "team/data/sub/big.bin", "team/data/sub/empty/");

        Processes.Result ls = run("ls", "sources/lake:data");
        assertThat(ls.stdout()).contains("a.csv").contains("sub/");
        assertThat(run("cat", "sources/lake:data/a.csv").stdout()).isEqualTo("x,y\n1,2\n");

        Path back = tmp.resolve("back");
        Processes.Result down = run("cp", "-r", "sources/lake:data", back.toString());
        assertThat(down.exit()).as(down.stderr()).isZero();
        assertThat(Files.readAllBytes(back.resolve("sub/big.bin"))).isEqualTo(big);
        assertThat(Files.readString(back.resolve("a.csv"))).isEqualTo("x,y\n1,2\n");
        assertThat(back.resolve("sub/empty")).isDirectory();
        // A downloaded file is made as any new file is (0666 less the umask), not private like a temporary file.
        assertThat(Files.getPosixFilePermissions(back.resolve("a.csv")))
                .isEqualTo(Files.getPosixFilePermissions(Files.createFile(tmp.resolve("new-file"))));
        try (var left = Files.list(back.resolve("sub"))) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("no temporary file is left")
                    .containsExactlyInAnyOrder("big.bin", "empty");
        }

        // Between the bucket and Coffer, on the server.
        Processes.Result in = run("cp", "-r", "sources/lake:data", "storage:fromlake");
        assertThat(in.exit()).as(in.stderr()).isZero();
        assertThat(run("cat", "storage:fromlake/a.csv").stdout()).isEqualTo("x,y\n1,2\n");
        Processes.Result out = run("cp", "-r", "storage:fromlake/sub", "sources/lake:exported");
        assertThat(out.exit()).as(out.stderr()).isZero();
        assertThat(s3.client()
                        .headObject(q -> q.bucket(bucket).key("team/exported/big.bin"))
                        .contentLength())
                .isEqualTo(big.length);
        assertThat(run("rm", "-r", "sources/lake:exported").exit()).isZero();
        Processes.Result twoBuckets = run("cp", "-r", "sources/lake:data", "sources/lake:copy");
        assertThat(twoBuckets.exit()).isEqualTo(2);
        assertThat(twoBuckets.stderr()).contains("through a local folder");

        assertThat(run("mv", "sources/lake:data/a.csv", "sources/lake:data/b.csv")
                        .exit())
                .isZero();
        assertThat(run("cat", "sources/lake:data/b.csv").stdout()).isEqualTo("x,y\n1,2\n");
        Processes.Result across = run("mv", "sources/lake:data/b.csv", "storage:b.csv");
        assertThat(across.exit()).isEqualTo(2);
        assertThat(across.stderr()).contains("within itself");
        Processes.Result notEmpty = run("rm", "sources/lake:data");
        assertThat(notEmpty.exit()).isNotZero();
        assertThat(notEmpty.stderr()).contains("not empty");
        assertThat(run("rm", "-r", "sources/lake:data").exit()).isZero();
        assertThat(s3.client().listObjectsV2(q -> q.bucket(bucket)).contents()).isEmpty();

        for (Processes.Result r : outputs) {
            assertThat(r.stdout()).doesNotContain(s3.secretKey());
            assertThat(r.stderr()).doesNotContain(s3.secretKey());
        }
    }

    /** A new bucket on {@code s3} registered as source {@code name} (prefix {@code prefix}), its key a team secret. */
    private String bucketSource(S3ProxyServer s3, String name, String prefix) throws Exception {
        String bucket = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(bucket);
        onPlan("pro");
        Path key = Files.writeString(tmp.resolve(name + "-key.txt"), s3.secretKey());
        assertThat(run("secrets", "set", name + "-key", "--from-file", key.toString())
                        .exit())
                .isZero();
        Processes.Result added = run(
                "sources",
                "create",
                name,
                "--url",
                "s3://" + bucket + prefix,
                "--access-key-id",
                s3.accessKey(),
                "--secret",
                name + "-key",
                "--endpoint",
                s3.endpoint().toString());
        assertThat(added.exit()).as(added.stderr()).isZero();
        return bucket;
    }

    @Test
    void a_gigabyte_goes_to_the_bucket_and_back_identical_through_a_256_mib_server() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.startOnDisk(Files.createDirectories(tmp.resolve("s3-disk")))) {
            String bucket = bucketSource(s3, "huge", "");
            Path big = tmp.resolve("one-gib.bin");
            byte[] block = new byte[1 << 20];
            Random random = new Random(11);
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            try (var out = Files.newOutputStream(big)) {
                for (int i = 0; i < 1024; i++) {
                    random.nextBytes(block);
                    sent.update(block);
                    out.write(block);
                }
            }
            Processes.Result up = run("cp", big.toString(), "sources/huge:big/one-gib.bin");
            assertThat(up.exit()).as(up.stderr()).isZero();
            assertThat(s3.client()
                            .headObject(q -> q.bucket(bucket).key("big/one-gib.bin"))
                            .contentLength())
                    .isEqualTo(1L << 30);
            Files.delete(big);

            Path back = tmp.resolve("one-gib.back");
            Processes.Result down = run("cp", "sources/huge:big/one-gib.bin", back.toString());
            assertThat(down.exit()).as(down.stderr()).isZero();
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(back)) {
                for (int n = in.read(block); n >= 0; n = in.read(block)) received.update(block, 0, n);
            }
            assertThat(received.digest()).isEqualTo(sent.digest());
            Files.delete(back);
        }
    }

    @Test
    void a_prefix_of_ten_thousand_objects_is_listed_whole_and_in_order() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.shared();
        String bucket = bucketSource(s3, "many", "/p");
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 10_000; i++) {
                String k = String.format("p/objects/o%05d", i);
                pool.submit(() -> s3.client().putObject(q -> q.bucket(bucket).key(k), RequestBody.fromString(k)));
            }
        }
        Processes.Result ls = run("ls", "sources/many:objects");
        assertThat(ls.exit()).as(ls.stderr()).isZero();
        List<String> names = ls.stdout()
                .lines()
                .map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .toList();
        assertThat(names).hasSize(10_000).isSorted().startsWith("o00000").endsWith("o09999");
    }
}

package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testkit.PostgresServer;
import dev.coffer.testkit.S3ProxyServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out: stateless servers on one PostgreSQL and one S3 bucket serve the same data, and
 * several started at once on an empty database set it up once.
 */
class TwoInstancesTest {
    static final String S = "/api/v1/teams/default/storage/default";

    @TempDir
    Path a;

    @TempDir
    Path b;

    @TempDir
    Path c;

    @Test
    void a_file_written_through_one_server_is_read_through_the_other() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.shared();
        String bucket = "coffer-two-" + Long.toHexString(System.nanoTime());
        s3.createBucket(bucket);
        Map<String, String> env = Map.of(
                "COFFER_DB", PostgresServer.shared().createDatabase(),
                "COFFER_STORE", "s3://" + bucket + "/content",
                "COFFER_S3_ENDPOINT", s3.endpoint().toString(),
                "COFFER_S3_ACCESS_KEY", s3.accessKey(),
                "COFFER_S3_SECRET_KEY", s3.secretKey());
        byte[] data = new byte[5_000_000];
        new Random(17).nextBytes(data);
        try (TestServer one = TestServer.start(a, env);
                TestServer two = TestServer.start(b, env)) {
            assertThat(one.get("/readyz").statusCode()).isEqualTo(200);
            assertThat(two.get("/readyz").statusCode()).isEqualTo(200);
            assertThat(one.put(S + "/files/shared/data.bin", data).statusCode()).isEqualTo(201);
            HttpResponse<byte[]> read = two.get(S + "/files/shared/data.bin");
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).isEqualTo(data);
            // And back the other way: a rename through two is seen by one.
            assertThat(two.post(S + "/move", "{\"from\":\"shared/data.bin\",\"to\":\"shared/renamed.bin\"}")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(one.get(S + "/files/shared/renamed.bin").body()).isEqualTo(data);
            assertThat(one.get(S + "/stat/shared/data.bin").statusCode()).isEqualTo(404);
        }
        // Nothing of the servers' own lives in their data folders: the content is in the bucket.
        assertThat(a.resolve("content")).doesNotExist();
    }

    @Test
    void three_servers_started_at_once_on_an_empty_database_migrate_and_set_it_up_once() throws Exception {
        Map<String, String> env = scaledOut();
        List<TestServer> servers = new ArrayList<>();
        try (ExecutorService starting = Executors.newFixedThreadPool(3)) {
            CountDownLatch together = new CountDownLatch(3);
            List<Future<TestServer>> started = new ArrayList<>();
            for (Path data : List.of(a, b, c)) {
                started.add(starting.submit(() -> {
                    together.countDown();
                    together.await();
                    return TestServer.start(data, env);
                }));
            }
            for (Future<TestServer> f : started) servers.add(f.get());
        }
        try {
            for (TestServer s : servers)
                assertThat(s.get("/readyz").statusCode()).isEqualTo(200);
            var db = servers.getFirst().server().database();
            db.withHandle(h -> {
                List<String> versions = h.createQuery(
                                "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")
                        .mapTo(String.class)
                        .list();
                assertThat(versions)
                        .as("each migration applied once")
                        .isNotEmpty()
                        .doesNotHaveDuplicates();
                assertThat(h.createQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success")
                                .mapTo(Long.class)
                                .one())
                        .isZero();
                assertThat(h.createQuery("SELECT COUNT(*) FROM users")
                                .mapTo(Long.class)
                                .one())
                        .as("one first admin")
                        .isEqualTo(1);
                assertThat(h.createQuery("SELECT name FROM teams ORDER BY id")
                                .mapTo(String.class)
                                .list())
                        .as("one default team, and the admin's private workspace")
                        .containsExactly("~admin", "default");
                return null;
            });
            byte[] data = "written through the third".getBytes();
            assertThat(servers.get(2).put(S + "/files/once.txt", data).statusCode())
                    .isEqualTo(201);
            assertThat(servers.get(0).get(S + "/files/once.txt").body()).isEqualTo(data);
        } finally {
            for (TestServer s : servers) s.close();
        }
    }

    private static Map<String, String> scaledOut() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.shared();
        String bucket = "coffer-three-" + Long.toHexString(System.nanoTime());
        s3.createBucket(bucket);
        return Map.of(
                "COFFER_DB", PostgresServer.shared().createDatabase(),
                "COFFER_STORE", "s3://" + bucket + "/content",
                "COFFER_S3_ENDPOINT", s3.endpoint().toString(),
                "COFFER_S3_ACCESS_KEY", s3.accessKey(),
                "COFFER_S3_SECRET_KEY", s3.secretKey());
    }
}

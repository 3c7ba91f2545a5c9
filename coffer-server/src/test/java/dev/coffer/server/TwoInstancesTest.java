package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testkit.PostgresServer;
import dev.coffer.testkit.S3ProxyServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scale-out: two stateless servers on one PostgreSQL and one S3 bucket serve the same data. */
class TwoInstancesTest {
    static final String S = "/api/v1/teams/default/storage/default";

    @TempDir
    Path a;

    @TempDir
    Path b;

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
}

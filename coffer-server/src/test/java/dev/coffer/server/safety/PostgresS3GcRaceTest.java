package dev.coffer.server.safety;

import dev.coffer.testkit.PostgresServer;
import dev.coffer.testkit.S3ProxyServer;
import java.util.Map;

/** The collector race when scaled out: PostgreSQL and an S3-compatible bucket (S3Proxy). */
class PostgresS3GcRaceTest extends GcRaceContract {
    @Override
    Map<String, String> env() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.shared();
        String bucket = "coffer-gc-race-" + Long.toHexString(System.nanoTime());
        s3.createBucket(bucket);
        return Map.of(
                "COFFER_DB", PostgresServer.shared().createDatabase(),
                "COFFER_STORE", "s3://" + bucket + "/content",
                "COFFER_S3_ENDPOINT", s3.endpoint().toString(),
                "COFFER_S3_ACCESS_KEY", s3.accessKey(),
                "COFFER_S3_SECRET_KEY", s3.secretKey());
    }
}

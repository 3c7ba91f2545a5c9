package dev.coffer.dataset;

import dev.coffer.blob.BlobStore;
import dev.coffer.blob.S3BlobStore;
import dev.coffer.blob.S3Settings;
import dev.coffer.testkit.PostgresServer;
import dev.coffer.testkit.S3ProxyServer;
import java.nio.file.Path;
import java.util.UUID;

/** The dataset storage contract (GC, fsck, copies) with content in an S3 bucket (S3Proxy) and metadata on PostgreSQL. */
class S3DatasetStorageTest extends DatasetStorageContract {
    @Override
    protected BlobStore newStore(Path tmp) throws Exception {
        S3ProxyServer s3 = S3ProxyServer.shared();
        String bucket = "coffer-ds-" + UUID.randomUUID();
        s3.createBucket(bucket);
        return new S3BlobStore(new S3Settings(bucket, "content/", s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(), true));
    }

    @Override
    protected String newDatabase(Path tmp) throws Exception {
        return PostgresServer.shared().createDatabase();
    }
}

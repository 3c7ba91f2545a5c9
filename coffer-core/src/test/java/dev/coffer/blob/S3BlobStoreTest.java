package dev.coffer.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.testkit.S3ProxyServer;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The contract against a real S3 protocol server (S3Proxy in this JVM, checking signatures), each
 * test on a bucket of its own; plus what only S3 can get wrong: prefixes, buckets and keys.
 */
class S3BlobStoreTest extends BlobStoreContract {
    private final S3ProxyServer s3 = S3ProxyServer.shared();
    private String bucket;

    @Override
    protected BlobStore newStore() throws Exception {
        bucket = "coffer-" + UUID.randomUUID();
        s3.createBucket(bucket);
        return new S3BlobStore(settings(bucket, "store/", s3.secretKey()));
    }

    @Override
    protected List<String> secrets() {
        return List.of(s3.secretKey());
    }

    private S3Settings settings(String bucketName, String prefix, String secret) {
        return new S3Settings(bucketName, prefix, s3.endpoint(), s3.region(), s3.accessKey(), secret, true);
    }

    private static List<String> keysOf(BlobStore s) throws IOException {
        List<String> keys = new ArrayList<>();
        s.list("", keys::add);
        return keys;
    }

    @Test
    void storesWithDifferentPrefixesOnOneBucketDoNotSeeEachOther() throws Exception {
        try (S3BlobStore a = new S3BlobStore(settings(bucket, "tenant-a", s3.secretKey()));
                S3BlobStore b = new S3BlobStore(settings(bucket, "tenant-b/", s3.secretKey()))) {
            a.put("chunks/ab/same", "from a".getBytes(UTF_8));
            b.put("chunks/ab/same", "from b".getBytes(UTF_8));
            a.put("chunks/ab/only-a", "a".getBytes(UTF_8));

            assertThat(a.get("chunks/ab/same")).isEqualTo("from a".getBytes(UTF_8));
            assertThat(b.get("chunks/ab/same")).isEqualTo("from b".getBytes(UTF_8));
            assertThat(keysOf(a)).containsExactlyInAnyOrder("chunks/ab/same", "chunks/ab/only-a");
            assertThat(keysOf(b)).containsExactly("chunks/ab/same");
            assertThat(b.size("chunks/ab/only-a")).isEqualTo(-1);
            assertThatThrownBy(() -> b.get("chunks/ab/only-a")).isInstanceOf(BlobNotFoundException.class);

            b.delete("chunks/ab/same");
            assertThat(a.get("chunks/ab/same")).isEqualTo("from a".getBytes(UTF_8));
            // The contract's own store on the same bucket ("store/") saw none of it.
            assertThat(keysOf(store)).isEmpty();
        }
    }

    @Test
    void manySmallPutsInARowAllSucceed() throws Exception {
        // Regression: with aws-chunked bodies S3Proxy dropped pooled connections after a PUT, and
        // a later PUT failed on all its retries. Small bodies in a row hit that most often.
        for (int i = 0; i < 300; i++) {
            store.put("chunks/ab/small" + i, new byte[i % 3]);
        }
        for (int i = 0; i < 300; i += 37) {
            assertThat(store.get("chunks/ab/small" + i)).hasSize(i % 3);
        }
        assertThat(keysOf(store)).hasSize(300);
    }

    @Test
    void objectsLandUnderThePrefixWithTheirKeys() throws Exception {
        byte[] data = randomBytes(777, 11);
        store.put("chunks/ab/obj", data);
        // Read behind the store's back: the layout is what an operator sees with any S3 tool.
        byte[] raw = s3.client()
                .getObjectAsBytes(r -> r.bucket(bucket).key("store/chunks/ab/obj"))
                .asByteArray();
        assertThat(raw).isEqualTo(data);
    }

    @Test
    void objectsUnderThePrefixThatAreNotKeysAreNotListed() throws Exception {
        store.put("chunks/ab/real", new byte[] {1});
        // A folder marker and a capitalised name, as a console or a person might add them.
        s3.client().putObject(r -> r.bucket(bucket).key("store/chunks/"), RequestBody.empty());
        s3.client().putObject(r -> r.bucket(bucket).key("store/chunks/README.TXT"), RequestBody.fromString("hi"));
        assertThat(keysOf(store)).containsExactly("chunks/ab/real");
    }

    @Test
    void emptyPrefixUsesTheTopOfTheBucket() throws Exception {
        try (S3BlobStore top = new S3BlobStore(settings(bucket, "", s3.secretKey()))) {
            top.put("chunks/ab/top", new byte[] {7});
            byte[] raw = s3.client()
                    .getObjectAsBytes(r -> r.bucket(bucket).key("chunks/ab/top"))
                    .asByteArray();
            assertThat(raw).containsExactly(7);
            assertThat(top.describe()).contains(bucket);
        }
    }

    @Test
    void aMissingBucketIsAnErrorNotAMissingBlob() throws Exception {
        // A 404 for the bucket must not read as "blob not found" (or size -1): that would make a
        // wrongly configured store look like lost data.
        try (S3BlobStore nowhere =
                new S3BlobStore(settings("no-such-bucket-" + UUID.randomUUID(), "x/", s3.secretKey()))) {
            assertThatThrownBy(nowhere::checkReachable)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("does not exist");
            assertThatThrownBy(() -> nowhere.get("chunks/ab/1"))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(BlobNotFoundException.class);
            assertThatThrownBy(() -> nowhere.getRange("chunks/ab/1", 0, 1))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(BlobNotFoundException.class);
            assertThatThrownBy(() -> nowhere.size("chunks/ab/1"))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(BlobNotFoundException.class);
            assertThatThrownBy(() -> nowhere.list("", k -> {})).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> nowhere.put("chunks/ab/1", new byte[] {1})).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aWrongSecretIsRefused() throws Exception {
        try (S3BlobStore wrong = new S3BlobStore(settings(bucket, "store/", "not-the-secret"))) {
            assertThatThrownBy(wrong::checkReachable).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> wrong.put("chunks/ab/1", new byte[] {1})).isInstanceOf(IOException.class);
        }
        assertThat(keysOf(store)).isEmpty();
    }

    @Test
    void settingsNormalizeThePrefixAndHideTheSecret() {
        S3Settings s =
                new S3Settings("b", "coffer", URI.create("http://user:pw@127.0.0.1:9000"), null, "ak", "sk-123", true);
        assertThat(s.prefix()).isEqualTo("coffer/");
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.toString()).doesNotContain("sk-123").doesNotContain("pw");
        try (S3BlobStore st = new S3BlobStore(s)) {
            assertThat(st.describe()).isEqualTo("s3 bucket b/coffer/ at http://127.0.0.1:9000 (region us-east-1)");
        }
        assertThat(new S3Settings("b", null, null, "eu-west-1", null, null, false).prefix())
                .isEmpty();
        for (String bad : List.of("/abs", "a//b", "a/../b", "..", "./a")) {
            assertThatThrownBy(() -> new S3Settings("b", bad, null, null, null, null, true))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new S3Settings("b", "", null, null, "ak", null, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

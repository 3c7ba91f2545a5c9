package dev.coffer.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.CofferException;
import dev.coffer.testkit.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A data source's bucket against a real S3-compatible server (S3Proxy, signatures checked):
 * files and folders under the source's prefix, paged listings in name order, ranged and
 * streamed reads, multipart writes compared byte for byte, renames and deletes, and clear
 * errors for a wrong key, a missing bucket and a server that is gone.
 */
class BucketTest {
    private final S3ProxyServer s3 = S3ProxyServer.shared();
    private String name;
    private Bucket bucket;

    private DataSource source(String bucketName, String prefix, String endpoint) {
        return new DataSource(
                1, 1, "reports", bucketName, prefix, s3.accessKey(), "bucket-key", null, endpoint, true, 0, 0);
    }

    @BeforeEach
    void open() throws IOException {
        name = "b-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(name);
        bucket = Bucket.open(source(name, "team/data", s3.endpoint().toString()), s3.secretKey());
    }

    @AfterEach
    void close() {
        bucket.close();
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private String readAll(String path) throws IOException {
        try (InputStream in = bucket.read(path, 0, -1)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<String> objectKeys() {
        return s3.client().listObjectsV2(q -> q.bucket(name)).contents().stream()
                .map(o -> o.key())
                .toList();
    }

    @Test
    void files_and_folders_live_under_the_prefix_and_list_in_name_order_by_pages() throws Exception {
        bucket.write("a.csv", text("x,y\n1,2\n"));
        bucket.write("sub/deep/b.txt", text("bee"));
        bucket.mkdir("empty");
        for (int i = 0; i < 12; i++) bucket.write(String.format("many/f%02d", i), text("n" + i));
        // Another client's object beside the prefix is not part of the source.
        s3.client().putObject(q -> q.bucket(name).key("team/other.txt"), RequestBody.fromString("no"));

        assertThat(objectKeys()).contains("team/data/a.csv", "team/data/sub/deep/b.txt", "team/data/empty/");
        assertThat(readAll("a.csv")).isEqualTo("x,y\n1,2\n");
        assertThat(bucket.stat("a.csv"))
                .isEqualTo(
                        new Bucket.Item("a.csv", false, 8, bucket.stat("a.csv").mtime()));
        assertThat(bucket.stat("a.csv").mtime()).isPositive();
        assertThat(bucket.stat("sub").folder()).isTrue();
        assertThat(bucket.stat("empty").folder()).isTrue();
        assertThat(bucket.stat("").folder()).isTrue();

        List<String> root = bucket.list("", null, 100).items().stream()
                .map(i -> i.name() + (i.folder() ? "/" : ""))
                .toList();
        assertThat(root).containsExactly("a.csv", "empty/", "many/", "sub/");
        assertThat(bucket.list("empty", null, 10).items()).isEmpty();

        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Bucket.Page p = bucket.list("many", token, 5);
            p.items().forEach(i -> paged.add(i.name()));
            token = p.next();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(paged).hasSize(12).isSorted().startsWith("f00").endsWith("f11");

        assertThatThrownBy(() -> bucket.stat("nope"))
                .isInstanceOf(CofferException.NotFound.class)
                .hasMessageContaining("nope")
                .hasMessageContaining("data source 'reports'");
        assertThatThrownBy(() -> bucket.list("nope", null, 10)).isInstanceOf(CofferException.NotFound.class);
        assertThatThrownBy(() -> bucket.read("nope", 0, -1)).isInstanceOf(CofferException.NotFound.class);
    }

    @Test
    void a_large_file_goes_in_parts_and_comes_back_identical_and_ranges_read_what_they_name() throws Exception {
        int size = 2 * Bucket.PART_SIZE + 12345;
        byte[] data = new byte[size];
        new Random(7).nextBytes(data);
        Bucket.Item item = bucket.write("big.bin", new ByteArrayInputStream(data));
        assertThat(item.size()).isEqualTo(size);
        try (InputStream in = bucket.read("big.bin", 0, -1)) {
            assertThat(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()))
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        }
        long offset = Bucket.PART_SIZE - 10;
        try (InputStream in = bucket.read("big.bin", offset, 20)) {
            byte[] expected = new byte[20];
            System.arraycopy(data, (int) offset, expected, 0, 20);
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
        assertThat(s3.client().listMultipartUploads(q -> q.bucket(name)).uploads())
                .as("no upload left unfinished")
                .isEmpty();
    }

    @Test
    void a_write_that_fails_midway_leaves_nothing() throws Exception {
        InputStream failing = new InputStream() {
            long sent;

            @Override
            public int read() throws IOException {
                if (sent++ > Bucket.PART_SIZE + 100) throw new IOException("the client went away");
                return 1;
            }
        };
        assertThatThrownBy(() -> bucket.write("half.bin", failing)).isInstanceOf(IOException.class);
        assertThat(objectKeys()).doesNotContain("team/data/half.bin");
        assertThat(s3.client().listMultipartUploads(q -> q.bucket(name)).uploads())
                .as("the unfinished upload was aborted")
                .isEmpty();
    }

    @Test
    void writes_take_part_buffers_from_one_budget_go_on_with_one_and_are_refused_without_any() throws Exception {
        assertThat(Multipart.permitsFor(256L << 20))
                .as("a 256 MiB server: 4 parts")
                .isEqualTo(4);
        byte[] data = new byte[Bucket.PART_SIZE * 2 + 99];
        new java.util.Random(5).nextBytes(data);
        int all = Multipart.BUDGET.drainPermits();
        try {
            assertThatThrownBy(() -> bucket.write("none.bin", new ByteArrayInputStream(data)))
                    .isInstanceOf(CofferException.Busy.class)
                    .hasMessageContaining("too many files");
            assertThat(objectKeys()).isEmpty();
            Multipart.BUDGET.release(1);
            bucket.write("one-buffer.bin", new ByteArrayInputStream(data));
            try (InputStream in = bucket.read("one-buffer.bin", 0, -1)) {
                assertThat(in.readAllBytes())
                        .as("three parts through one buffer")
                        .isEqualTo(data);
            }
            assertThat(Multipart.BUDGET.availablePermits()).as("given back").isEqualTo(1);
        } finally {
            Multipart.BUDGET.drainPermits();
            Multipart.BUDGET.release(all);
        }
    }

    @Test
    void shared_clients_are_reused_by_key_and_a_changed_secret_gets_a_new_one() throws Exception {
        try (BucketClients clients = new BucketClients()) {
            DataSource src = source(name, "team/data", s3.endpoint().toString());
            try (Bucket one = clients.open(src, s3.secretKey());
                    Bucket two = clients.open(src, s3.secretKey())) {
                one.write("shared.txt", text("s"));
                two.close();
                assertThat(readAll("shared.txt")).isEqualTo("s");
                try (InputStream in = one.read("shared.txt", 0, -1)) {
                    assertThat(in.readAllBytes())
                            .as("a client outlives another user's close")
                            .containsExactly('s');
                }
            }
            assertThat(clients.size()).isEqualTo(1);
            try (Bucket again = clients.open(src, s3.secretKey())) {
                assertThat(again.stat("shared.txt").size()).isEqualTo(1);
            }
            assertThat(clients.size())
                    .as("the same key and endpoint: the same client")
                    .isEqualTo(1);
            try (Bucket wrong = clients.open(src, "not-the-secret")) {
                assertThatThrownBy(() -> wrong.stat("shared.txt"))
                        .isInstanceOf(CofferException.Upstream.class)
                        .hasMessageContaining("refused");
            }
            assertThat(clients.size()).as("another secret: another client").isEqualTo(2);
            for (int i = 0; i < BucketClients.MAX + 3; i++) {
                DataSource other = new DataSource(
                        1,
                        1,
                        "r",
                        name,
                        "",
                        "key-" + i,
                        "s",
                        null,
                        s3.endpoint().toString(),
                        true,
                        0,
                        0);
                clients.open(other, "x").close();
            }
            assertThat(clients.size()).isEqualTo(BucketClients.MAX);
        }
    }

    @Test
    void an_object_above_the_single_copy_limit_moves_in_parts_with_its_metadata() throws Exception {
        // S3's limit is 5 GiB; the same path runs here above 5 MiB, on an object of three parts.
        bucket.copyInPartsAbove(5 << 20);
        byte[] data = new byte[(5 << 20) * 2 + 12345];
        new java.util.Random(11).nextBytes(data);
        bucket.write("big/one.bin", new ByteArrayInputStream(data), java.util.Map.of("coffer-mtime", "42"));
        bucket.move("big", "moved", false);
        try (InputStream in = bucket.read("moved/one.bin", 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(bucket.stat("moved/one.bin").metadata()).containsEntry("coffer-mtime", "42");
        assertThat(objectKeys()).containsExactly("team/data/moved/one.bin");
        assertThat(s3.client().listMultipartUploads(q -> q.bucket(name)).uploads())
                .as("nothing left unfinished")
                .isEmpty();
    }

    @Test
    void renames_copy_then_delete_and_deletes_refuse_a_full_folder_without_recursive() throws Exception {
        bucket.write("dir/one.txt", text("1"));
        bucket.write("dir/sub/two.txt", text("2"));
        bucket.write("file.txt", text("f"));

        bucket.move("file.txt", "renamed.txt", false);
        assertThat(readAll("renamed.txt")).isEqualTo("f");
        assertThatThrownBy(() -> bucket.stat("file.txt")).isInstanceOf(CofferException.NotFound.class);

        bucket.move("dir", "moved", false);
        assertThat(readAll("moved/sub/two.txt")).isEqualTo("2");
        assertThat(objectKeys()).noneMatch(k -> k.startsWith("team/data/dir/"));
        assertThatThrownBy(() -> bucket.move("moved", "renamed.txt", true))
                .as("a folder never replaces a file")
                .isInstanceOf(CofferException.Conflict.class)
                .hasMessageContaining("exists");
        bucket.write("other.txt", text("o"));
        assertThatThrownBy(() -> bucket.move("other.txt", "renamed.txt", false))
                .isInstanceOf(CofferException.Conflict.class)
                .hasMessageContaining("exists already");
        assertThatThrownBy(() -> bucket.move("other.txt", "moved", true))
                .as("nothing replaces a folder")
                .isInstanceOf(CofferException.Conflict.class)
                .hasMessageContaining("folder");
        bucket.move("other.txt", "renamed.txt", true);
        assertThat(readAll("renamed.txt")).isEqualTo("o");
        assertThat(objectKeys()).doesNotContain("team/data/other.txt");

        assertThatThrownBy(() -> bucket.delete("moved", false))
                .isInstanceOf(CofferException.Conflict.class)
                .hasMessageContaining("not empty");
        bucket.delete("moved", true);
        bucket.delete("renamed.txt", false);
        assertThat(objectKeys()).isEmpty();
        assertThatThrownBy(() -> bucket.delete("renamed.txt", false)).isInstanceOf(CofferException.NotFound.class);
        bucket.mkdir("x/y");
        assertThat(bucket.stat("x").folder())
                .as("a marker's parent is a folder too")
                .isTrue();
        assertThat(objectKeys()).containsExactly("team/data/x/y/");
    }

    @Test
    void a_wrong_key_a_missing_bucket_and_a_server_that_is_gone_are_named_clearly() throws Exception {
        String wrongKey = "not-the-secret-key-" + UUID.randomUUID();
        try (Bucket wrong = Bucket.open(source(name, "", s3.endpoint().toString()), wrongKey)) {
            assertThatThrownBy(() -> wrong.stat(""))
                    .isInstanceOf(CofferException.Upstream.class)
                    .hasMessageContaining("data source 'reports'")
                    .hasMessageContaining("team secret 'bucket-key'")
                    .hasMessageNotContaining(wrongKey);
        }
        try (Bucket missing =
                Bucket.open(source("no-such-bucket-" + name, "", s3.endpoint().toString()), s3.secretKey())) {
            assertThatThrownBy(() -> missing.list("", null, 10))
                    .isInstanceOf(CofferException.Upstream.class)
                    .hasMessageContaining("does not exist");
        }
        try (S3ProxyServer own = S3ProxyServer.start()) {
            own.createBucket("gone");
            Bucket soon = Bucket.open(source("gone", "", own.endpoint().toString()), own.secretKey());
            soon.write("x", text("x"));
            own.close();
            assertThatThrownBy(() -> soon.write("y", text("y")))
                    .isInstanceOf(CofferException.Upstream.class)
                    .hasMessageContaining("not reachable")
                    .hasMessageContaining(own.endpoint().toString());
            soon.close();
        }
    }
}

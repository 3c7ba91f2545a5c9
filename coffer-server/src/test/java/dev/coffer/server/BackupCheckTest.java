package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.blob.BlobStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup check finds a blob the database names but the store lacks, and only counts extra ones. */
class BackupCheckTest {
    static final String S = "/api/v1/teams/default/storage/default";

    @TempDir
    Path data;

    @Test
    void a_store_that_lacks_a_named_blob_is_reported_by_key_and_extra_blobs_are_counted() throws Exception {
        try (TestServer server = TestServer.start(data)) {
            Random random = new Random(5);
            for (int i = 0; i < 3; i++) {
                byte[] file = new byte[600_000 + i];
                random.nextBytes(file);
                assertThat(server.put(S + "/files/b" + i + ".bin", file).statusCode())
                        .isEqualTo(201);
            }
            // A small file lives in its row: no blob, nothing to miss.
            assertThat(server.put(S + "/files/tiny.txt", "tiny".getBytes()).statusCode())
                    .isEqualTo(201);
            JsonNode whole = ChunkClient.read(server.post("/api/v1/admin/backup-check", "{}"));
            assertThat(whole.path("consistent").asBoolean()).isTrue();
            assertThat(whole.path("blobsNamed").asLong()).isEqualTo(3);
            assertThat(whole.path("blobsStored").asLong()).isEqualTo(3);
            assertThat(whole.path("missing").asLong()).isZero();
            assertThat(whole.path("unreferenced").asLong()).isZero();

            BlobStore blobs = server.server().blobs();
            List<String> keys = new ArrayList<>();
            blobs.list("packs/", keys::add);
            String lost = keys.getFirst();
            blobs.delete(lost);
            blobs.put("packs/ff/ffffffffffffffffffffffffffffffff", new byte[] {1, 2, 3});

            JsonNode broken = ChunkClient.read(server.post("/api/v1/admin/backup-check", "{}"));
            assertThat(broken.path("consistent").asBoolean()).isFalse();
            assertThat(broken.path("missing").asLong()).isEqualTo(1);
            assertThat(broken.path("missingKeys").get(0).asText()).isEqualTo(lost);
            assertThat(broken.path("unreferenced").asLong()).isEqualTo(1);
            assertThat(broken.path("blobsStored").asLong()).isEqualTo(3);
        }
    }
}

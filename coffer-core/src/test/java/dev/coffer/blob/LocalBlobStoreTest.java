package dev.coffer.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a local folder, plus what only a folder can get wrong: leftover temporary files. */
class LocalBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path dir;

    @Override
    protected BlobStore newStore() throws Exception {
        return new LocalBlobStore(dir.resolve("store"));
    }

    @Test
    void leftoverPartFilesAreRemovedOnOpen() throws Exception {
        Path root = dir.resolve("crashed");
        Files.createDirectories(root.resolve("_tmp"));
        // What a put interrupted by a crash leaves behind: a temporary file, never renamed into place.
        Path leftover = Files.write(root.resolve("_tmp/0b3c.part"), "half a blob".getBytes(UTF_8));
        Files.createDirectories(root.resolve("chunks/ab"));
        Files.write(root.resolve("chunks/ab/done"), "whole".getBytes(UTF_8));

        try (LocalBlobStore reopened = new LocalBlobStore(root)) {
            assertThat(leftover).doesNotExist();
            assertThat(reopened.get("chunks/ab/done")).isEqualTo("whole".getBytes(UTF_8));
            assertThat(keysOf(reopened)).containsExactly("chunks/ab/done");
        }
    }

    @Test
    void partFilesAreNeverListed() throws Exception {
        store.put("chunks/ab/1", new byte[] {1});
        // A put in flight in another thread has its temporary file in _tmp/ at this moment.
        Path root = ((LocalBlobStore) store).root();
        Files.write(root.resolve("_tmp/in-flight.part"), new byte[] {9, 9});

        assertThat(listed("")).containsExactly("chunks/ab/1");
        assertThat(listed("tmp/")).isEmpty();
        store.put("tmp/x", new byte[] {7});
        assertThat(listed("tmp/")).containsExactly("tmp/x");
    }

    @Test
    void putLeavesNoTemporaryFiles() throws Exception {
        store.put("chunks/ab/1", randomBytes(4096, 1));
        store.put("chunks/ab/1", randomBytes(4096, 2));
        Path root = ((LocalBlobStore) store).root();
        try (var files = Files.list(root.resolve("_tmp"))) {
            assertThat(files).isEmpty();
        }
    }

    private static List<String> keysOf(BlobStore s) throws Exception {
        List<String> keys = new ArrayList<>();
        s.list("", keys::add);
        return keys;
    }
}

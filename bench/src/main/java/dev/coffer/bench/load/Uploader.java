package dev.coffer.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A client that uploads new files of random bytes, 256 KiB to 4 MiB, one after another into a
 * folder of its own, and remembers every file the server accepted (201) so that it can be read
 * back after the timed phase. The bytes are made before each request is sent, outside its time.
 */
final class Uploader extends Client {
    static final int MIN_BYTES = 256 * 1024;
    static final int MAX_BYTES = 4 * 1024 * 1024;

    /** Where the acknowledged files are read back from: this client on another server when there are several. */
    final StorageClient readBack;

    private final String folder;
    private final List<StoredFile> stored = new ArrayList<>();
    private int next;

    Uploader(StorageClient api, StorageClient readBack, long seed, String folder) {
        super(api, seed);
        this.readBack = readBack;
        this.folder = folder;
    }

    @Override
    void once(long deadline) throws InterruptedException {
        byte[] content = new byte[MIN_BYTES + random.nextInt(MAX_BYTES - MIN_BYTES + 1)];
        random.nextBytes(content);
        String path = String.format("%s/u%05d.bin", folder, next++);
        String what = "PUT files/" + path;
        StorageClient.Answer a = send(RequestKind.UPLOAD, what, () -> api.upload(path, content), deadline);
        if (a == null) return;
        JsonNode entry = json(RequestKind.UPLOAD, what, a);
        if (entry == null) return;
        if (a.status() != 201 || entry.path("size").asLong(-1) != content.length) {
            tally.error(
                    RequestKind.UPLOAD,
                    what + " answered " + a.status() + " with size " + entry.path("size") + ", sent " + content.length);
            return;
        }
        tally.ok(RequestKind.UPLOAD, a.nanos());
        tally.uploaded(content.length);
        stored.add(StoredFile.of(path, content));
    }

    /** Every file this client uploaded and the server acknowledged with 201. */
    List<StoredFile> stored() {
        return stored;
    }
}

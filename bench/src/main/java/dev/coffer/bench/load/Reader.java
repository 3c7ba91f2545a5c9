package dev.coffer.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A client that only reads the seeded files: each request picks at random between downloading a
 * file (half the time; its bytes checked), listing a folder (most of the rest; its entry count
 * checked) and describing a file (its size checked). A check that fails counts as an error.
 */
public final class Reader extends Client {
    public static final double READ_SHARE = 0.5;
    public static final double LIST_SHARE = 0.4;
    /** The share of stat requests: what reading and listing leave. */
    public static final double STAT_SHARE = 1 - READ_SHARE - LIST_SHARE;

    private final List<StoredFile> files;
    private final List<String> folders;
    private final int entriesPerFolder;

    Reader(StorageClient api, long seed, SeedSet seeded) {
        super(api, seed);
        this.files = seeded.files();
        this.folders = seeded.folders();
        this.entriesPerFolder = seeded.entriesPerFolder();
    }

    @Override
    void once(long deadline) throws InterruptedException {
        double r = random.nextDouble();
        if (r < READ_SHARE) read(deadline);
        else if (r < READ_SHARE + LIST_SHARE) list(deadline);
        else stat(deadline);
    }

    private void read(long deadline) throws InterruptedException {
        StoredFile f = files.get(random.nextInt(files.size()));
        String what = "GET files/" + f.path();
        StorageClient.Answer a = send(RequestKind.READ, what, () -> api.download(f.path()), deadline);
        if (a == null) return;
        String wrong = f.mismatch(a);
        if (wrong != null) {
            tally.error(RequestKind.READ, wrong);
            return;
        }
        tally.ok(RequestKind.READ, a.nanos());
        tally.downloaded(a.bytes());
    }

    private void list(long deadline) throws InterruptedException {
        String folder = folders.get(random.nextInt(folders.size()));
        String what = "GET list/" + folder;
        StorageClient.Answer a = send(RequestKind.LIST, what, () -> api.list(folder), deadline);
        if (a == null) return;
        JsonNode listing = json(RequestKind.LIST, what, a);
        if (listing == null) return;
        int entries = listing.path("entries").size();
        if (entries != entriesPerFolder || !listing.path("next").isNull()) {
            tally.error(RequestKind.LIST, what + ": " + entries + " entries in one page, expected " + entriesPerFolder);
            return;
        }
        tally.ok(RequestKind.LIST, a.nanos());
    }

    private void stat(long deadline) throws InterruptedException {
        StoredFile f = files.get(random.nextInt(files.size()));
        String what = "GET stat/" + f.path();
        StorageClient.Answer a = send(RequestKind.STAT, what, () -> api.stat(f.path()), deadline);
        if (a == null) return;
        JsonNode entry = json(RequestKind.STAT, what, a);
        if (entry == null) return;
        if (entry.path("size").asLong(-1) != f.size()) {
            tally.error(RequestKind.STAT, what + ": size " + entry.path("size") + ", stored " + f.size());
            return;
        }
        tally.ok(RequestKind.STAT, a.nanos());
    }
}

package dev.coffer.tree;

import dev.coffer.blob.BlobStore;
import dev.coffer.blob.LocalBlobStore;
import dev.coffer.blob.S3BlobStore;
import dev.coffer.blob.S3Settings;
import dev.coffer.content.ChunkScope;
import dev.coffer.content.ContentStore;
import dev.coffer.content.Manifest;
import dev.coffer.dataset.Dataset;
import dev.coffer.dataset.Datasets;
import dev.coffer.dataset.Drafts;
import dev.coffer.dataset.Version;
import dev.coffer.dataset.VersionFileTree;
import dev.coffer.dataset.VersionReader;
import dev.coffer.db.Database;
import dev.coffer.source.Bucket;
import dev.coffer.source.BucketFileTree;
import dev.coffer.source.DataSource;
import dev.coffer.team.Teams;
import dev.coffer.testkit.Backend;
import dev.coffer.testkit.S3ProxyServer;
import dev.coffer.usage.TeamUsage;
import dev.coffer.usage.UsageRecount;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One engine over a fresh database and content store, with a tree of each kind to test: the
 * team's {@code /storage}, a notebook's {@code /notebooks}, a dataset draft, and a committed
 * version (made by filling a draft and committing it), and a data source's bucket. A new tree
 * kind joins the contract by adding a {@link Kind} and saying how to make one.
 */
final class TreeFixture implements AutoCloseable {
    /** The kinds of tree under test. */
    enum Kind {
        STORAGE,
        NOTEBOOK,
        DRAFT,
        VERSION,
        /** A data source's bucket (on S3Proxy), whatever the backend of the content store. */
        BUCKET;

        /** Whether trees of this kind keep symbolic links and folder times (a bucket keeps neither). */
        boolean keepsLinksAndFolderTimes() {
            return this != BUCKET;
        }

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    final Database db;
    final BlobStore blobs;
    final ContentStore content;
    final TeamUsage usage;
    final VolumeTree volumes;
    final Teams teams;
    final Datasets datasets;
    final Drafts drafts;
    final VersionReader reader;
    final long team;
    private final List<Bucket> buckets = new ArrayList<>();
    private int datasetCount;
    private int notebookCount;

    TreeFixture(Backend backend, Path tmp) throws Exception {
        db = Database.open(backend.newDatabase(tmp));
        if (backend.s3()) {
            S3ProxyServer s3 = S3ProxyServer.shared();
            blobs = new S3BlobStore(new S3Settings(
                    backend.newBucket(), "content/", s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(), true));
        } else {
            blobs = new LocalBlobStore(tmp.resolve("content"));
        }
        content = new ContentStore(db, blobs);
        usage = new TeamUsage(db);
        volumes = new VolumeTree(db, content, usage);
        teams = new Teams(db, usage);
        teams.bootstrap("test-admin-token-0123456789");
        team = teams.team(Teams.DEFAULT).id();
        datasets = new Datasets(db, usage);
        drafts = new Drafts(db, content, usage);
        reader = new VersionReader(db, content);
    }

    /**
     * A new, empty tree of {@code kind} that can be filled: for {@link Kind#VERSION} the draft
     * that {@link #settle} commits.
     */
    FileTree fresh(Kind kind) {
        return switch (kind) {
            case STORAGE -> {
                String cluster =
                        teams.createCluster("cluster" + (++notebookCount)).name();
                yield new VolumeFileTree(volumes, content, teams.storage(team, cluster), "storage@" + cluster);
            }
            case NOTEBOOK -> {
                String name = "lab" + (++notebookCount);
                teams.createNotebook(team, name, Teams.DEFAULT);
                yield new VolumeFileTree(volumes, content, teams.notebookVolume(team, name), "notebooks/" + name);
            }
            case BUCKET -> {
                S3ProxyServer s3 = S3ProxyServer.shared();
                String bucketName = "tree-" + UUID.randomUUID().toString().substring(0, 13);
                try {
                    s3.createBucket(bucketName);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                var source = new DataSource(
                        0,
                        team,
                        "lake" + (++notebookCount),
                        bucketName,
                        "under/a prefix",
                        s3.accessKey(),
                        "lake-key",
                        null,
                        s3.endpoint().toString(),
                        true,
                        0,
                        0);
                Bucket bucket = Bucket.open(source, s3.secretKey());
                buckets.add(bucket);
                yield new BucketFileTree(bucket, content, ChunkScope.team(team));
            }
            case DRAFT, VERSION -> {
                Dataset ds = datasets.create(team, "ds" + (++datasetCount), "", null);
                yield versionTree(drafts.create(ds, Drafts.Parent.NONE, null, "filled by a test"));
            }
        };
    }

    /** The tree to read once filled: a committed version commits its draft; other kinds are read as they are. */
    FileTree settle(Kind kind, FileTree filled) {
        if (kind != Kind.VERSION) return filled;
        return versionTree(drafts.commit(((VersionFileTree) filled).version(), "committed by a test"));
    }

    FileTree versionTree(Version v) {
        return new VersionFileTree(drafts, reader, v, team);
    }

    /** Stores {@code text} as content the team may commit (sent to the team's chunk scope). */
    Manifest store(String text) throws IOException {
        return content.ingest(ChunkScope.team(team), new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads a file of a tree back as text, chunk by chunk. */
    String read(FileTree tree, String path) throws IOException {
        StringBuilder out = new StringBuilder();
        for (var chunk : tree.manifest(VolumePath.parse(path)).chunks()) {
            out.append(new String(content.readChunk(chunk.id()), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** Whatever a test did, every team's kept usage equals a recount from scratch. */
    boolean usageAgrees() {
        return new UsageRecount(db, usage).all().stream().allMatch(UsageRecount.Report::agrees);
    }

    @Override
    public void close() throws Exception {
        buckets.forEach(Bucket::close);
        db.close();
        blobs.close();
    }
}

package dev.coffer.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.blob.BlobStore;
import dev.coffer.blob.LocalBlobStore;
import dev.coffer.blob.S3BlobStore;
import dev.coffer.blob.S3Settings;
import dev.coffer.content.ChunkRef;
import dev.coffer.content.ChunkScope;
import dev.coffer.content.ContentStore;
import dev.coffer.content.Manifest;
import dev.coffer.content.Possession;
import dev.coffer.db.Database;
import dev.coffer.team.Teams;
import dev.coffer.testkit.Backend;
import dev.coffer.testkit.S3ProxyServer;
import dev.coffer.testkit.TestClock;
import dev.coffer.tree.FileEntry;
import dev.coffer.tree.FilePage;
import dev.coffer.tree.VolumePath;
import dev.coffer.tree.VolumeTree;
import dev.coffer.usage.TeamUsage;
import dev.coffer.usage.UsageRecount;
import dev.coffer.volume.Volume;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * What every dataset contract suite needs: a fresh database (SQLite or a real PostgreSQL) and
 * content store (a local folder, or an S3 bucket) per test on the suite's backend, the engine's
 * parts, and helpers that read versions back.
 */
abstract class DatasetTestBase {
    @TempDir
    Path tmp;

    final TestClock clock = new TestClock();
    Database db;
    BlobStore blobs;
    ContentStore content;
    VolumeTree tree;
    Teams teams;
    long team;
    Volume storage;
    Datasets datasets;
    Drafts drafts;
    TeamUsage usage;
    Tags tags;
    VersionReader reader;
    VersionDiff diffs;

    /** Where this run of the suite keeps metadata and content; each suite lists the backends it claims. */
    @Parameter
    Backend backend;

    /** The node shape the suite builds with; small shapes give deep trees with few files. */
    TreeShape shape() {
        return TreeShape.DEFAULT;
    }

    @BeforeEach
    void open() throws Exception {
        db = Database.open(backend.newDatabase(tmp), clock);
        blobs = backend.s3() ? s3Store(backend.newBucket()) : new LocalBlobStore(tmp.resolve("content"));
        content = new ContentStore(db, blobs);
        usage = new TeamUsage(db);
        tree = new VolumeTree(db, content, usage);
        teams = new Teams(db, usage);
        teams.bootstrap("test-admin-token-0123456789");
        team = teams.team("default").id();
        storage = teams.storage(team, "default");
        datasets = new Datasets(db, usage);
        drafts = new Drafts(db, content, shape(), usage);
        tags = new Tags(db);
        reader = new VersionReader(db, content);
        diffs = new VersionDiff(db);
    }

    private static BlobStore s3Store(String bucket) {
        S3ProxyServer s3 = S3ProxyServer.shared();
        return new S3BlobStore(
                new S3Settings(bucket, "content/", s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(), true));
    }

    /** Whatever a test did, every team's kept usage equals a recount from scratch. */
    @AfterEach
    void close() {
        try {
            assertThat(new UsageRecount(db, usage).all())
                    .allMatch(UsageRecount.Report::agrees, "usage equals its recount");
            for (long t : db.withHandle(
                    h -> h.createQuery("SELECT id FROM teams").mapTo(Long.class).list())) {
                assertThat(keptTreeRefs(t))
                        .as("team " + t + "'s node references")
                        .isEqualTo(countedTreeRefs(t));
            }
        } finally {
            db.close();
            blobs.close();
        }
    }

    private Map<String, Long> keptTreeRefs(long teamId) {
        return db.withHandle(h -> h.createQuery("SELECT tree_hash, refs FROM team_tree_refs WHERE team_id = :t")
                .bind("t", teamId)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .collectToMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * A team's references to each node, counted from scratch: its versions' roots (drafts
     * included), its drafts' folder rows, and the entries of every distinct node it holds.
     */
    private Map<String, Long> countedTreeRefs(long teamId) {
        return db.withHandle(h -> {
            Map<String, Long> refs = new HashMap<>();
            List<String> direct = new ArrayList<>(
                    h.createQuery("""
                    SELECT v.root_tree FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE d.team_id = :t AND v.root_tree IS NOT NULL""").bind("t", teamId).mapTo(String.class).list());
            direct.addAll(
                    h.createQuery("""
                    SELECT o.tree_hash FROM dataset_draft_changes o JOIN dataset_versions v ON v.id = o.version_id
                    JOIN datasets d ON d.id = v.dataset_id WHERE d.team_id = :t AND o.kind = 't'""").bind("t", teamId).mapTo(String.class).list());
            Set<String> held = new HashSet<>();
            ArrayDeque<String> todo = new ArrayDeque<>();
            for (String r : direct) {
                refs.merge(r, 1L, Long::sum);
                if (held.add(r)) todo.add(r);
            }
            while (!todo.isEmpty()) {
                for (String child : h.createQuery(
                                "SELECT child_tree FROM dataset_tree_entries WHERE tree_hash = :h AND child_tree IS NOT NULL")
                        .bind("h", todo.poll())
                        .mapTo(String.class)
                        .list()) {
                    refs.merge(child, 1L, Long::sum);
                    if (held.add(child)) todo.add(child);
                }
            }
            refs.remove(TreeShape.EMPTY);
            return refs;
        });
    }

    static VolumePath p(String path) {
        return VolumePath.parse(path);
    }

    /**
     * The engine tests write the team's and public datasets from the same stored bytes; the
     * public scope is granted them too. Possession itself is tested in PossessionContract.
     */
    void grantPublic(List<ChunkRef> chunks) {
        db.useWrite(h -> Possession.grant(
                h, ChunkScope.PUBLIC, chunks.stream().map(c -> c.id().hex()).toList(), db.now()));
    }

    Manifest store(byte[] data) throws Exception {
        Manifest m = content.ingest(ChunkScope.team(team), new ByteArrayInputStream(data));
        grantPublic(m.chunks());
        return m;
    }

    Manifest store(String text) throws Exception {
        return store(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    long count(String table) {
        return db.withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    Dataset dataset(String name) {
        return datasets.create(team, name, "", null);
    }

    Version draft(Dataset ds) {
        return drafts.create(ds, Drafts.Parent.LATEST, null, null);
    }

    /** Puts text files ({@code path → text}) into a draft. */
    void put(Version draft, String... pathsAndTexts) throws Exception {
        for (int i = 0; i < pathsAndTexts.length; i += 2)
            drafts.put(draft, p(pathsAndTexts[i]), store(pathsAndTexts[i + 1]), 1000);
    }

    String text(Version v, String path) throws Exception {
        return new String(bytes(v, path), StandardCharsets.UTF_8);
    }

    byte[] bytes(Version v, String path) throws Exception {
        FileEntry e = reader.stat(v, p(path));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        content.read(e.contentId(), 0, e.size(), out);
        return out.toByteArray();
    }

    /** Every file of a version, path → content digest, from a walk. */
    TreeMap<String, String> files(Version v) throws Exception {
        TreeMap<String, String> files = new TreeMap<>(Names.UTF8);
        reader.walk(v, VolumePath.ROOT, (e, rel) -> {
            if (!e.directory()) files.put("/" + String.join("/", rel), e.digest());
        });
        return files;
    }

    /** Every name of a folder, read page by page. */
    List<String> listAll(Version v, String folder, int pageSize) {
        List<String> names = new ArrayList<>();
        String after = null;
        do {
            FilePage page = reader.list(v, p(folder), after, pageSize);
            assertThat(page.entries().size()).isLessThanOrEqualTo(pageSize);
            page.entries().forEach(e -> names.add(e.name()));
            after = page.next();
        } while (after != null);
        return names;
    }
}

package dev.coffer.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkRef;
import dev.coffer.content.ChunkScope;
import dev.coffer.content.Manifest;
import dev.coffer.tree.FileCommit;
import dev.coffer.tree.FileEntry;
import dev.coffer.tree.FilePage;
import dev.coffer.tree.VolumePath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Diff, the cost of a new version, and paged listings of wide folders. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class VersionTreesContract extends DatasetTestBase {

    /** Stores small files as one pack (fast) and returns their manifests. */
    List<Manifest> storeMany(List<String> texts) throws Exception {
        List<Map.Entry<ChunkId, byte[]>> chunks = new ArrayList<>();
        List<Manifest> manifests = new ArrayList<>();
        for (String t : texts) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            ChunkId id = ChunkId.of(b);
            chunks.add(Map.entry(id, b));
            manifests.add(new Manifest(List.of(new ChunkRef(id, b.length))));
        }
        content.putChunks(ChunkScope.team(team), chunks);
        return manifests;
    }

    void putMany(Version draft, List<String> paths) throws Exception {
        List<Manifest> manifests =
                storeMany(paths.stream().map(path -> "content of " + path).toList());
        List<FileCommit> commits = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) commits.add(new FileCommit(p(paths.get(i)), manifests.get(i), 1000));
        for (int i = 0; i < commits.size(); i += 1000)
            drafts.putAll(draft, commits.subList(i, Math.min(commits.size(), i + 1000)));
    }

    static VersionDiff.Change added(String path, long size) {
        return new VersionDiff.Change(path, VersionDiff.Kind.ADDED, null, size);
    }

    static VersionDiff.Change removed(String path, long size) {
        return new VersionDiff.Change(path, VersionDiff.Kind.REMOVED, size, null);
    }

    static VersionDiff.Change changed(String path, long from, long to) {
        return new VersionDiff.Change(path, VersionDiff.Kind.CHANGED, from, to);
    }

    @Test
    void diff_is_exact_for_adds_removes_renames_and_changes() throws Exception {
        Dataset ds = dataset("ds");
        Version d1 = draft(ds);
        put(
                d1,
                "a/x.txt",
                "x1",
                "a/y.txt",
                "y",
                "b/z.txt",
                "z",
                "b/deep/w.txt",
                "w",
                "c.txt",
                "c",
                "d.txt",
                "d",
                "f.txt",
                "f");
        Version v1 = drafts.commit(d1, null);
        Version d2 = draft(ds);
        put(d2, "a/x.txt", "x2", "a/new.txt", "n");
        drafts.delete(d2, p("a/y.txt"), false);
        drafts.move(d2, p("b"), p("bb"));
        drafts.move(d2, p("c.txt"), p("e/c.txt"));
        drafts.delete(d2, p("d.txt"), false);
        put(d2, "d/inner.txt", "i");
        drafts.put(d2, p("f.txt"), store("f"), 99_999);
        List<VersionDiff.Change> expected = List.of(
                added("/a/new.txt", 1),
                changed("/a/x.txt", 2, 2),
                removed("/a/y.txt", 1),
                removed("/b/deep/w.txt", 1),
                removed("/b/z.txt", 1),
                added("/bb/deep/w.txt", 1),
                added("/bb/z.txt", 1),
                removed("/c.txt", 1),
                added("/d/inner.txt", 1),
                removed("/d.txt", 1),
                added("/e/c.txt", 1));
        assertThat(diffs.diff(v1, d2)).containsExactlyElementsOf(expected);
        Version v2 = drafts.commit(d2, null);
        assertThat(diffs.diff(v1, v2)).containsExactlyElementsOf(expected);
        assertThat(diffs.diff(v2, v1))
                .containsExactlyElementsOf(expected.stream()
                        .map(c -> new VersionDiff.Change(
                                c.path(),
                                switch (c.kind()) {
                                    case ADDED -> VersionDiff.Kind.REMOVED;
                                    case REMOVED -> VersionDiff.Kind.ADDED;
                                    case CHANGED -> VersionDiff.Kind.CHANGED;
                                },
                                c.newSize(),
                                c.oldSize()))
                        .toList());
        assertThat(diffs.diff(v1, v1)).isEmpty();
        assertThat(diffs.diff(null, v1))
                .as("from nothing, every file is added")
                .containsExactly(
                        added("/a/x.txt", 2),
                        added("/a/y.txt", 1),
                        added("/b/deep/w.txt", 1),
                        added("/b/z.txt", 1),
                        added("/c.txt", 1),
                        added("/d.txt", 1),
                        added("/f.txt", 1));
        assertThat(diffs.diff(v2, draft(ds)))
                .as("a fresh draft equals its parent")
                .isEmpty();
    }

    @Test
    void a_change_in_one_folder_diffs_without_reading_the_others() throws Exception {
        Dataset ds = dataset("ds");
        Version d1 = draft(ds);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 2000; i++) paths.add(String.format("dir%02d/file%04d", i % 40, i));
        putMany(d1, paths);
        Version v1 = drafts.commit(d1, null);
        Version d2 = draft(ds);
        drafts.put(d2, p("dir17/file0017"), store("changed"), 1000);
        drafts.put(d2, p("dir03/brand-new"), store("new"), 1000);
        Version v2 = drafts.commit(d2, null);
        assertThat(diffs.diff(v1, v2))
                .containsExactly(
                        added("/dir03/brand-new", 3),
                        changed("/dir17/file0017", "content of dir17/file0017".length(), 7));
        assertThat(v2.fileCount()).isEqualTo(2001);
    }

    @Test
    void a_new_version_with_one_changed_file_adds_rows_in_proportion_to_the_change() throws Exception {
        Dataset ds = dataset("ds");
        Version d1 = draft(ds);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 2000; i++) paths.add(String.format("dir%02d/file%04d", i % 40, i));
        putMany(d1, paths);
        Version v1 = drafts.commit(d1, null);
        assertThat(v1.fileCount()).isEqualTo(2000);
        long trees = count("dataset_trees");
        long entries = count("dataset_tree_entries");
        assertThat(entries).isGreaterThanOrEqualTo(2040);

        Version d2 = draft(ds);
        Manifest changed = store(random(7, 5000));
        drafts.put(d2, p("dir17/file0017"), changed, 2000);
        Version v2 = drafts.commit(d2, null);
        long newTrees = count("dataset_trees") - trees;
        long newEntries = count("dataset_tree_entries") - entries;
        // The path to the change: the changed folder (50 entries) and the top folder (40), each
        // at most a node per level; never the 2,000 files.
        assertThat(newTrees).isBetween(2L, 6L);
        assertThat(newEntries).isBetween(2L, 50L + 40 + 10);
        assertThat(v2.fileCount()).isEqualTo(2000);
        assertThat(v2.newBytes())
                .isEqualTo(db.withHandle(h -> h.createQuery("SELECT stored_size FROM chunks WHERE hash = :h")
                        .bind("h", changed.chunks().getFirst().id().hex())
                        .mapTo(Long.class)
                        .one()));
        assertThat(files(v2)).hasSize(2000);
        assertThat(bytes(v2, "dir17/file0017")).isEqualTo(random(7, 5000));
        assertThat(text(v2, "dir18/file0018")).isEqualTo("content of dir18/file0018");
    }

    @Test
    void new_times_on_a_parents_files_and_folders_keep_contents_and_node_references() throws Exception {
        Dataset ds = dataset("ds");
        Version d1 = draft(ds);
        putMany(d1, List.of("a/x", "a/b/y", "a/b/c/z", "top"));
        Version v1 = drafts.commit(d1, null);
        Version d2 = draft(ds);
        Map<VolumePath, Long> times = new LinkedHashMap<>();
        times.put(p("a/b/c/z"), 50L);
        times.put(p("a"), 10L);
        times.put(p("a/b/c"), 30L);
        times.put(p("top"), 60L);
        times.put(p("a/b"), 20L);
        times.put(p("a/x"), 40L);
        assertThat(drafts.setTimes(d2, times))
                .as("folders and files of the parent's tree")
                .isEqualTo(6);
        assertThat(drafts.setTimes(d2, Map.of(p("a"), 11L, p("a/b/c"), 31L, p("a/x"), 41L)))
                .as("again, over the rows the first change wrote")
                .isEqualTo(3);
        List<String> problems = new ArrayList<>();
        new TreeCheck(db).run(problems::add);
        assertThat(problems)
                .as("every folder row holds a reference on its tree")
                .isEmpty();

        Version v2 = drafts.commit(d2, null);
        assertThat(List.of("a", "a/b", "a/b/c", "a/x", "a/b/y", "a/b/c/z", "top"))
                .extracting(path -> reader.stat(v2, p(path)).mtime())
                .containsExactly(11L, 20L, 31L, 41L, 1000L, 50L, 60L);
        assertThat(files(v2)).as("contents unchanged").isEqualTo(files(v1));
        drafts.deleteVersion(v1);
        new TreeCheck(db).run(problems::add);
        assertThat(problems).isEmpty();
        assertThat(text(v2, "a/b/c/z")).isEqualTo("content of a/b/c/z");
    }

    @Test
    void a_change_in_a_wide_folder_rewrites_a_few_small_nodes() throws Exception {
        Dataset ds = dataset("ds");
        Version d1 = draft(ds);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 5000; i++) paths.add(String.format("big/f%05d", i));
        putMany(d1, paths);
        Version v1 = drafts.commit(d1, null);
        long maxLevel = db.withHandle(h -> h.createQuery("SELECT MAX(level) FROM dataset_trees")
                .mapTo(Long.class)
                .one());
        assertThat(maxLevel).as("a 5,000-entry folder is a tree of nodes").isGreaterThanOrEqualTo(1);
        long entries = count("dataset_tree_entries");
        Version d2 = draft(ds);
        drafts.put(d2, p("big/f02500"), store("changed"), 1000);
        drafts.commit(d2, null);
        long newEntries = count("dataset_tree_entries") - entries;
        assertThat(newEntries)
                .as("new entries for one change in a 5,000-entry folder")
                .isLessThan(400);
        assertThat(v1.fileCount()).isEqualTo(5000);
    }

    @Test
    void the_digest_computed_from_a_file_list_is_the_committed_versions_and_differs_for_any_other_list()
            throws Exception {
        Dataset ds = dataset("ds");
        Version d1 = draft(ds);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 6000; i++) paths.add(String.format("wide/f%05d", i)); // three levels of nodes
        for (int i = 0; i < 50; i++) paths.add("deep/a/b" + (i % 3) + "/f" + i);
        paths.add("top.txt");
        paths.add("\u00e9t\u00e9/\ud83d\ude00.bin"); // a name outside the BMP sorts by its UTF-8 bytes
        paths.add("\u00e9t\u00e9/\uffee.bin");
        putMany(d1, paths);
        Version v1 = drafts.commit(d1, null);
        long maxLevel = db.withHandle(h -> h.createQuery("SELECT MAX(level) FROM dataset_trees")
                .mapTo(Long.class)
                .one());
        assertThat(maxLevel).as("levels of nodes").isGreaterThanOrEqualTo(2);

        List<Manifest> manifests =
                storeMany(paths.stream().map(path -> "content of " + path).toList());
        IntFunction<VersionDigest> listed = skip -> {
            VersionDigest d = new VersionDigest();
            for (int i = 0; i < paths.size(); i++) {
                if (i != skip)
                    d.file(
                            paths.get(i),
                            manifests.get(i).digest(),
                            manifests.get(i).size(),
                            1000);
            }
            return d;
        };
        assertThat(listed.apply(-1).digest()).isEqualTo(v1.digest());
        assertThat(listed.apply(1500).digest()).as("one file fewer").isNotEqualTo(v1.digest());
        assertThat(listed.apply(-1)
                        .file("wide/extra", manifests.get(0).digest(), 1, 1000)
                        .digest())
                .as("one more")
                .isNotEqualTo(v1.digest());
        VersionDigest otherTime = new VersionDigest();
        for (int i = 0; i < paths.size(); i++) {
            otherTime.file(
                    paths.get(i), manifests.get(i).digest(), manifests.get(i).size(), i == 7 ? 1001 : 1000);
        }
        assertThat(otherTime.digest()).as("one mtime differs").isNotEqualTo(v1.digest());
        assertThat(new VersionDigest().digest()).as("the empty version").isEqualTo(TreeShape.EMPTY);
    }

    @Test
    void a_folder_of_5000_entries_pages_correctly_on_a_draft_and_on_a_committed_version() throws Exception {
        Dataset ds = dataset("ds");
        Version d1 = draft(ds);
        List<String> paths = new ArrayList<>();
        TreeSet<String> expected = new TreeSet<>(Names.UTF8);
        for (int i = 0; i < 5000; i++) {
            String name = String.format("f%05d", i);
            paths.add("big/" + name);
            expected.add(name);
        }
        putMany(d1, paths);
        Version v1 = drafts.commit(d1, null);
        assertThat(listAll(v1, "big", 333)).containsExactlyElementsOf(expected);

        Version d2 = draft(ds);
        for (int i = 0; i < 5000; i += 97) {
            drafts.delete(d2, p(String.format("big/f%05d", i)), false);
            expected.remove(String.format("f%05d", i));
        }
        List<String> more = new ArrayList<>();
        for (int i = 3; i < 5000; i += 31) {
            more.add(String.format("big/f%05d.5", i));
            expected.add(String.format("f%05d.5", i));
            more.add(String.format("big/f%05d", i + 1));
            expected.add(String.format("f%05d", i + 1));
        }
        more.add("big/é-accent");
        more.add("big/\uD83D\uDE00-emoji");
        more.add("big/\uFFEE-halfwidth");
        expected.addAll(List.of("é-accent", "\uD83D\uDE00-emoji", "\uFFEE-halfwidth"));
        putMany(d2, more);
        drafts.mkdir(d2, p("big/a-folder"), false);
        expected.add("a-folder");
        assertThat(listAll(d2, "big", 333)).containsExactlyElementsOf(expected);
        assertThat(listAll(d2, "big", 7)).containsExactlyElementsOf(expected);
        FilePage page = reader.list(d2, p("big"), "f02500", 3);
        assertThat(page.entries())
                .extracting(FileEntry::name)
                .containsExactlyElementsOf(
                        expected.tailSet("f02500", false).stream().limit(3).toList());
        Version v2 = drafts.commit(d2, null);
        assertThat(listAll(v2, "big", 333)).containsExactlyElementsOf(expected);
        assertThat(listAll(v1, "big", 1000)).hasSize(5000);
        assertThat(expected.last()).as("U+1F600 sorts after U+FFEE in UTF-8").startsWith("\uD83D");
    }

    @Test
    void moving_a_folder_in_a_draft_is_one_step_whatever_it_holds() throws Exception {
        Dataset ds = dataset("ds");
        Version d1 = draft(ds);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 1000; i++) paths.add(String.format("src/sub%d/f%04d", i % 10, i));
        putMany(d1, paths);
        Version v1 = drafts.commit(d1, null);
        Version d2 = draft(ds);
        put(d2, "src/sub3/extra", "e");
        long rows = count("dataset_draft_changes");
        drafts.move(d2, p("src"), p("dst/moved"));
        assertThat(count("dataset_draft_changes") - rows)
                .as("a row for the moved folder, one for dst, one hiding src")
                .isLessThanOrEqualTo(3);
        assertThat(text(d2, "dst/moved/sub3/extra")).isEqualTo("e");
        assertThat(text(d2, "dst/moved/sub4/f0004")).isEqualTo("content of src/sub4/f0004");
        assertThat(listAll(d2, "", 10)).containsExactly("dst");
        Version v2 = drafts.commit(d2, null);
        assertThat(files(v2)).hasSize(1001).containsKey("/dst/moved/sub9/f0999");
        assertThat(diffs.diff(v1, v2)).hasSize(2001);
    }
}

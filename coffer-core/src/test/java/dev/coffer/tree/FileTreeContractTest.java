package dev.coffer.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coffer.chunk.ChunkId;
import dev.coffer.error.CofferException;
import dev.coffer.testkit.Backend;
import dev.coffer.tree.TreeFixture.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one contract of {@link FileTree}, run on every tree kind (storage, notebook, draft,
 * committed version, a data source's bucket) on SQLite with a content folder and on PostgreSQL
 * with content in S3Proxy. Reads are checked on every kind; changes on the writable kinds, and a
 * committed version must refuse each change with the same conflict and stay as it was. A bucket
 * keeps no symbolic links and no folder times: the checks of those skip it, and it must refuse
 * a link.
 */
@ParameterizedClass(name = "[{0}, {1}]")
@MethodSource("cases")
class FileTreeContractTest {
    @Parameter(0)
    Backend backend;

    @Parameter(1)
    Kind kind;

    @TempDir
    Path tmp;

    TreeFixture f;

    static Stream<Arguments> cases() {
        return Stream.of(Backend.SQLITE, Backend.POSTGRES_S3)
                .flatMap(b -> Stream.of(Kind.values()).map(k -> Arguments.of(b, k)));
    }

    @BeforeEach
    void open() throws Exception {
        f = new TreeFixture(backend, tmp);
    }

    @AfterEach
    void close() throws Exception {
        try {
            assertThat(f.usageAgrees()).as("usage equals a recount").isTrue();
        } finally {
            f.close();
        }
    }

    static VolumePath p(String path) {
        return VolumePath.parse(path);
    }

    /** A tree of this test's kind holding a small sample, ready to read. */
    private FileTree sample() throws Exception {
        FileTree t = f.fresh(kind);
        t.put(p("a.txt"), f.store("alpha"), 1000);
        t.put(p("docs/readme.md"), f.store("read me"), 2000);
        t.put(p("docs/deep/x.bin"), f.store("x marks"), 3000);
        t.mkdir(p("empty"), false);
        return f.settle(kind, t);
    }

    /**
     * Every path of a tree with its kind and, for files, content and permission bits (when given),
     * for links their target: what a copy must reproduce.
     */
    private static List<String> shape(FileTree t, VolumePath dir) throws Exception {
        List<String> out = new ArrayList<>();
        t.walk(
                dir,
                (e, rel) -> out.add(String.join("/", rel)
                        + switch (e.kind()) {
                            case FOLDER -> "/";
                            case SYMLINK -> " -> " + e.target();
                            case FILE ->
                                " " + e.digest() + " " + e.size()
                                        + (e.mode() == 0 ? "" : " mode " + Integer.toOctalString(e.mode()));
                        }));
        return out;
    }

    private void assumeLinksAndFolderTimes() {
        assumeTrue(
                kind.keepsLinksAndFolderTimes(),
                "a bucket keeps no links or folder times (see a_bucket_refuses_links)");
    }

    private void assumeWritable() {
        assumeTrue(
                kind != Kind.VERSION, "a committed version never changes (see committed_versions_refuse_every_change)");
    }

    // --- reads, on every kind ---------------------------------------------------------------

    @Test
    void stat_describes_files_and_folders_and_misses_are_not_found() throws Exception {
        FileTree t = sample();
        FileEntry file = t.stat(p("docs/readme.md"));
        assertThat(file.kind()).isEqualTo(FileEntry.Kind.FILE);
        assertThat(file.name()).isEqualTo("readme.md");
        assertThat(file.size()).isEqualTo(7);
        assertThat(file.mtime()).isEqualTo(2000);
        assertThat(file.digest()).isEqualTo(f.store("read me").digest());
        assertThat(t.stat(p("docs")).kind()).isEqualTo(FileEntry.Kind.FOLDER);
        assertThat(t.stat(VolumePath.ROOT).directory()).isTrue();
        assertThatThrownBy(() -> t.stat(p("docs/nothing"))).isInstanceOf(CofferException.NotFound.class);
        assertThatThrownBy(() -> t.stat(p("a.txt/below"))).isInstanceOf(CofferException.NotFound.class);
    }

    @Test
    void list_pages_in_byte_order_of_the_names() throws Exception {
        FileTree t = f.fresh(kind);
        List<String> names = List.of("b", "B", "a", "é", "z", "Z9", "a b");
        for (String n : names) t.put(p("d/" + n), f.store(n), 1);
        t = f.settle(kind, t);
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            FilePage page = t.list(p("d"), after, 2);
            assertThat(page.entries().size()).isLessThanOrEqualTo(2);
            page.entries().forEach(e -> seen.add(e.name()));
            after = page.next();
            pages++;
        } while (after != null);
        assertThat(seen).containsExactly("B", "Z9", "a", "a b", "b", "z", "é");
        assertThat(pages).isEqualTo(4);
        FileTree listed = t;
        assertThatThrownBy(() -> listed.list(p("d/b"), null, 10)).isInstanceOf(CofferException.Conflict.class);
        assertThatThrownBy(() -> listed.list(p("nowhere"), null, 10)).isInstanceOf(CofferException.NotFound.class);
    }

    @Test
    void walk_visits_parents_before_children_in_name_order() throws Exception {
        FileTree t = sample();
        List<String> seen = new ArrayList<>();
        t.walk(VolumePath.ROOT, (e, rel) -> seen.add(String.join("/", rel) + (e.directory() ? "/" : "")));
        assertThat(seen).containsExactly("a.txt", "docs/", "docs/deep/", "docs/deep/x.bin", "docs/readme.md", "empty/");
        List<String> one = new ArrayList<>();
        t.walk(p("docs/readme.md"), (e, rel) -> one.add(String.join("/", rel)));
        assertThat(one).containsExactly("readme.md");
    }

    @Test
    void a_files_manifest_reads_back_its_bytes_and_names_the_chunks_it_uses() throws Exception {
        FileTree t = sample();
        assertThat(f.read(t, "docs/deep/x.bin")).isEqualTo("x marks");
        ChunkId used = t.manifest(p("a.txt")).chunks().getFirst().id();
        assertThat(t.usesChunk(used)).isTrue();
        ChunkId elsewhere = f.store("stored, but in no file of this tree")
                .chunks()
                .getFirst()
                .id();
        assertThat(t.usesChunk(elsewhere)).isFalse();
        assertThatThrownBy(() -> t.manifest(p("docs"))).isInstanceOf(CofferException.Conflict.class);
    }

    // --- changes, on the writable kinds -------------------------------------------------------

    @Test
    void put_creates_parents_replaces_a_file_and_never_a_folder() throws Exception {
        assumeWritable();
        FileTree t = f.fresh(kind);
        FileEntry first = t.put(p("n/e/w.txt"), f.store("one"), 5);
        assertThat(first.digest()).isEqualTo(f.store("one").digest());
        t.put(p("n/e/w.txt"), f.store("two"), 6);
        assertThat(f.read(t, "n/e/w.txt")).isEqualTo("two");
        assertThat(t.stat(p("n/e/w.txt")).mtime()).isEqualTo(6);
        assertThatThrownBy(() -> t.put(p("n/e"), f.store("x"), 1)).isInstanceOf(CofferException.Conflict.class);
        assertThatThrownBy(() -> t.put(p("n/e/w.txt/under"), f.store("x"), 1))
                .isInstanceOf(CofferException.Conflict.class);
        assertThat(t.stat(p("n/e")).directory()).isTrue();
    }

    @Test
    void a_batch_commits_all_of_its_files_or_none() throws Exception {
        assumeWritable();
        FileTree t = f.fresh(kind);
        t.mkdir(p("b/taken"), true);
        List<FileCommit> bad = List.of(
                new FileCommit(p("b/ok1"), f.store("1"), 1),
                new FileCommit(p("b/taken"), f.store("2"), 1),
                new FileCommit(p("b/ok2"), f.store("3"), 1));
        assertThatThrownBy(() -> t.putAll(bad)).isInstanceOf(CofferException.Conflict.class);
        assertThat(shape(t, p("b"))).containsExactly("taken/");
        List<String> digests = t.putAll(
                List.of(new FileCommit(p("b/ok1"), f.store("1"), 1), new FileCommit(p("c/ok2"), f.store("3"), 1)));
        assertThat(digests).containsExactly(f.store("1").digest(), f.store("3").digest());
        assertThat(f.read(t, "c/ok2")).isEqualTo("3");
    }

    @Test
    void mkdir_with_and_without_parents() throws Exception {
        assumeWritable();
        FileTree t = f.fresh(kind);
        assertThatThrownBy(() -> t.mkdir(p("x/y"), false)).isInstanceOf(CofferException.NotFound.class);
        assertThat(t.mkdir(p("x/y"), true).directory()).isTrue();
        assertThat(t.mkdir(p("x/y"), true).directory())
                .as("an existing folder is fine with parents")
                .isTrue();
        assertThatThrownBy(() -> t.mkdir(p("x/y"), false)).isInstanceOf(CofferException.Conflict.class);
        t.put(p("f"), f.store("f"), 1);
        assertThatThrownBy(() -> t.mkdir(p("f/g"), true)).isInstanceOf(CofferException.Conflict.class);
        assertThat(shape(t, VolumePath.ROOT))
                .containsExactly("f " + f.store("f").digest() + " 1", "x/", "x/y/");
    }

    @Test
    void move_renames_files_and_whole_folders_and_replaces_only_files_when_asked() throws Exception {
        assumeWritable();
        FileTree t = f.fresh(kind);
        t.put(p("src/one.txt"), f.store("one"), 1);
        t.put(p("src/sub/two.txt"), f.store("two"), 2);
        t.put(p("other.txt"), f.store("other"), 3);
        t.put(p("src/run.sh"), f.store("#!/bin/sh"), 4, 0755);
        if (kind.keepsLinksAndFolderTimes()) t.symlink(p("src/sub/up"), "../one.txt", 5);
        List<String> before = shape(t, p("src"));
        assertThat(t.move(p("src"), p("moved/here"), false).name()).isEqualTo("here");
        assertThat(shape(t, p("moved/here"))).isEqualTo(before);
        assertThatThrownBy(() -> t.stat(p("src"))).isInstanceOf(CofferException.NotFound.class);

        assertThatThrownBy(() -> t.move(p("other.txt"), p("moved/here/one.txt"), false))
                .isInstanceOf(CofferException.Conflict.class);
        t.move(p("other.txt"), p("moved/here/one.txt"), true);
        assertThat(f.read(t, "moved/here/one.txt")).isEqualTo("other");
        assertThatThrownBy(() -> t.stat(p("other.txt"))).isInstanceOf(CofferException.NotFound.class);

        assertThatThrownBy(() -> t.move(p("moved/here/one.txt"), p("moved/here/sub"), true))
                .as("a folder is never replaced")
                .isInstanceOf(CofferException.Conflict.class);
        assertThatThrownBy(() -> t.move(p("moved"), p("moved/here/inside"), false))
                .isInstanceOf(CofferException.Invalid.class);
        assertThatThrownBy(() -> t.move(p("nothing"), p("x"), false)).isInstanceOf(CofferException.NotFound.class);
    }

    @Test
    void copy_within_the_tree_shares_content_and_never_overwrites() throws Exception {
        assumeWritable();
        FileTree t = f.fresh(kind);
        t.put(p("src/one.txt"), f.store("one"), 1);
        t.put(p("src/sub/two.txt"), f.store("two"), 2);
        t.mkdir(p("src/empty"), false);
        t.copy(t, p("src"), p("dup/src"));
        t.copy(t, p("src/one.txt"), p("single.txt"));
        assertThat(shape(t, p("dup/src"))).isEqualTo(shape(t, p("src")));
        assertThat(f.read(t, "single.txt")).isEqualTo("one");
        // The copy is independent of its source.
        t.put(p("src/one.txt"), f.store("changed"), 9);
        assertThat(f.read(t, "dup/src/one.txt")).isEqualTo("one");
        assertThatThrownBy(() -> t.copy(t, p("src"), p("single.txt"))).isInstanceOf(CofferException.Conflict.class);
        assertThatThrownBy(() -> t.copy(t, p("src"), p("src/inner"))).isInstanceOf(CofferException.Invalid.class);
    }

    /** Copies from a tree of every kind into this one: the same files, folders and contents arrive. */
    @Test
    void copy_from_every_other_kind_of_tree_brings_the_same_files() throws Exception {
        assumeWritable();
        FileTree target = f.fresh(kind);
        for (Kind from : Kind.values()) {
            boolean links = kind.keepsLinksAndFolderTimes() && from.keepsLinksAndFolderTimes();
            FileTree source = f.fresh(from);
            source.put(p("set/a.csv"), f.store("1,2,3"), 10);
            source.put(p("set/nested/b.csv"), f.store("4,5"), 20);
            source.put(p("set/run.sh"), f.store("#!/bin/sh"), 30, 0755);
            if (links) source.symlink(p("set/latest"), "nested/b.csv", 40);
            source.mkdir(p("set/empty"), false);
            source = f.settle(from, source);
            target.copy(source, p("set"), p("from-" + from + "/set"));
            target.copy(source, p("set/a.csv"), p("from-" + from + "/a.csv"));
            assertThat(shape(target, p("from-" + from + "/set")))
                    .as("copied from " + from)
                    .isEqualTo(shape(source, p("set")))
                    .contains("run.sh " + f.store("#!/bin/sh").digest() + " 9 mode 755", "empty/");
            if (links) assertThat(shape(target, p("from-" + from + "/set"))).contains("latest -> nested/b.csv");
            assertThat(target.stat(p("from-" + from + "/set/nested/b.csv")).mtime())
                    .as("a file's time is copied")
                    .isEqualTo(20);
            assertThat(f.read(target, "from-" + from + "/a.csv")).isEqualTo("1,2,3");
        }
    }

    @Test
    void delete_removes_files_and_folders_only_recursively_when_not_empty() throws Exception {
        assumeWritable();
        FileTree t = f.fresh(kind);
        t.put(p("d/one"), f.store("1"), 1);
        t.put(p("d/two"), f.store("2"), 1);
        t.mkdir(p("e"), false);
        assertThatThrownBy(() -> t.delete(p("d"), false)).isInstanceOf(CofferException.Conflict.class);
        t.delete(p("d/one"), false);
        t.delete(p("e"), false);
        assertThat(shape(t, VolumePath.ROOT))
                .containsExactly("d/", "d/two " + f.store("2").digest() + " 1");
        t.delete(p("d"), true);
        assertThat(shape(t, VolumePath.ROOT)).isEmpty();
        assertThatThrownBy(() -> t.delete(p("d"), true)).isInstanceOf(CofferException.NotFound.class);
        assertThatThrownBy(() -> t.delete(VolumePath.ROOT, true)).isInstanceOf(CofferException.Invalid.class);
    }

    @Test
    void a_batch_deletion_removes_all_of_its_paths_or_none() throws Exception {
        assumeWritable();
        FileTree t = f.fresh(kind);
        t.put(p("a"), f.store("a"), 1);
        t.put(p("b/c"), f.store("c"), 1);
        List<String> before = shape(t, VolumePath.ROOT);
        assertThatThrownBy(() -> t.deleteAll(List.of(p("a"), p("missing")), true))
                .isInstanceOf(CofferException.NotFound.class);
        assertThat(shape(t, VolumePath.ROOT)).isEqualTo(before);
        assertThatThrownBy(() -> t.deleteAll(List.of(p("a"), p("b")), false))
                .isInstanceOf(CofferException.Conflict.class);
        assertThat(shape(t, VolumePath.ROOT)).isEqualTo(before);
        t.deleteAll(List.of(p("a"), p("b")), true);
        assertThat(shape(t, VolumePath.ROOT)).isEmpty();
    }

    @Test
    void links_modes_and_folder_times_are_kept_and_read_back() throws Exception {
        assumeLinksAndFolderTimes();
        FileTree t = f.fresh(kind);
        t.put(p("bin/run.sh"), f.store("#!/bin/sh"), 10, 0755);
        t.symlink(p("bin/latest"), "run.sh", 20);
        t.symlink(p("dangling"), "no/such/place", 30);
        t.mkdir(p("empty/inner"), true);
        t.setAttributes(p("empty/inner"), 40L, null);
        t.setAttributes(p("bin"), 50L, null);
        FileTree kept = f.settle(kind, t);
        assertThat(kept.stat(p("bin/run.sh")).mode()).isEqualTo(0755);
        FileEntry link = kept.stat(p("bin/latest"));
        assertThat(link.kind()).isEqualTo(FileEntry.Kind.SYMLINK);
        assertThat(link.target()).isEqualTo("run.sh");
        assertThat(link.mtime()).isEqualTo(20);
        assertThat(link.size()).as("a link's size is its target's length").isEqualTo(6);
        assertThat(kept.stat(p("empty/inner")).mtime()).isEqualTo(40);
        assertThat(kept.stat(p("bin")).mtime()).isEqualTo(50);
        assertThat(shape(kept, VolumePath.ROOT))
                .containsExactly(
                        "bin/",
                        "bin/latest -> run.sh",
                        "bin/run.sh " + f.store("#!/bin/sh").digest() + " 9 mode 755",
                        "dangling -> no/such/place",
                        "empty/",
                        "empty/inner/");
        assertThat(kept.list(p("bin"), null, 10).entries())
                .extracting(FileEntry::name, FileEntry::kind)
                .containsExactly(tuple("latest", FileEntry.Kind.SYMLINK), tuple("run.sh", FileEntry.Kind.FILE));
        assertThatThrownBy(() -> kept.manifest(p("bin/latest")))
                .as("a link has no content to read")
                .isInstanceOf(CofferException.Conflict.class);
    }

    @Test
    void a_files_time_and_bits_change_and_null_keeps_what_it_has() throws Exception {
        assumeWritable();
        FileTree t = f.fresh(kind);
        t.put(p("a.txt"), f.store("a"), 1);
        assertThat(t.stat(p("a.txt")).mode()).as("no bits given").isZero();
        FileEntry changed = t.setAttributes(p("a.txt"), 77L, 0700);
        assertThat(changed.mtime()).isEqualTo(77);
        assertThat(changed.mode()).isEqualTo(0700);
        assertThat(t.setAttributes(p("a.txt"), null, 0640).mtime())
                .as("null keeps the time")
                .isEqualTo(77);
        assertThat(t.setAttributes(p("a.txt"), 99L, null).mode())
                .as("null keeps the bits")
                .isEqualTo(0640);
        assertThat(t.stat(p("a.txt")))
                .extracting(FileEntry::mtime, FileEntry::mode, FileEntry::digest)
                .containsExactly(99L, 0640, f.store("a").digest());
        assertThat(f.read(t, "a.txt")).as("the content stays").isEqualTo("a");
        assertThatThrownBy(() -> t.setAttributes(p("missing"), 1L, null)).isInstanceOf(CofferException.NotFound.class);
        assertThatThrownBy(() -> t.setAttributes(p("a.txt"), null, 010000)).isInstanceOf(CofferException.Invalid.class);
    }

    @Test
    void a_bucket_refuses_links_and_keeps_the_rest() throws Exception {
        assumeTrue(kind == Kind.BUCKET);
        FileTree t = f.fresh(kind);
        t.put(p("a.txt"), f.store("a"), 1);
        assertThatThrownBy(() -> t.symlink(p("l"), "a.txt", 1))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("keeps no symbolic links");
        FileTree withLink = f.fresh(Kind.STORAGE);
        withLink.put(p("d/x"), f.store("x"), 1);
        withLink.symlink(p("d/l"), "x", 1);
        assertThatThrownBy(() -> t.copy(withLink, p("d"), p("copied")))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("symbolic link");
        assertThat(t.setTimes(Map.of(p("a.txt"), 5L))).isEqualTo(1);
        assertThat(t.stat(p("a.txt")).mtime()).isEqualTo(5);
        assertThatThrownBy(() -> t.setTimes(Map.of(p("a.txt"), 6L, p("missing"), 7L)))
                .isInstanceOf(CofferException.NotFound.class);
        assertThat(t.stat(p("a.txt")).mtime()).as("nothing changed").isEqualTo(5);
    }

    @Test
    void attributes_change_times_and_file_modes_and_links_replace_files_but_never_folders() throws Exception {
        assumeWritable();
        assumeLinksAndFolderTimes();
        FileTree t = f.fresh(kind);
        t.put(p("a.txt"), f.store("a"), 1);
        t.mkdir(p("d"), false);
        FileEntry changed = t.setAttributes(p("a.txt"), 77L, 0700);
        assertThat(changed.mtime()).isEqualTo(77);
        assertThat(changed.mode()).isEqualTo(0700);
        assertThat(t.setAttributes(p("a.txt"), null, 0644).mtime())
                .as("null keeps the time")
                .isEqualTo(77);
        assertThat(t.stat(p("a.txt")).mode()).isEqualTo(0644);
        assertThat(t.setAttributes(p("d"), 88L, null).mtime()).isEqualTo(88);
        assertThatThrownBy(() -> t.setAttributes(p("missing"), 1L, null)).isInstanceOf(CofferException.NotFound.class);
        assertThatThrownBy(() -> t.setAttributes(p("a.txt"), null, 010000)).isInstanceOf(CofferException.Invalid.class);

        t.symlink(p("l"), "a.txt", 5);
        assertThat(t.symlink(p("l"), "d", 6).target()).as("a link is replaced").isEqualTo("d");
        t.put(p("was-a-file"), f.store("w"), 1);
        assertThat(t.symlink(p("was-a-file"), "a.txt", 7).kind()).isEqualTo(FileEntry.Kind.SYMLINK);
        assertThatThrownBy(() -> t.symlink(p("d"), "x", 1))
                .as("never over a folder")
                .isInstanceOf(CofferException.Conflict.class);
        assertThatThrownBy(() -> t.symlink(p("l2"), "", 1)).isInstanceOf(CofferException.Invalid.class);
        assertThatThrownBy(() -> t.symlink(p("l2"), "a\0b", 1)).isInstanceOf(CofferException.Invalid.class);
        assertThatThrownBy(() -> t.put(p("l/inside"), f.store("x"), 1))
                .as("a link is never followed")
                .isInstanceOf(CofferException.Conflict.class);
        assertThat(shape(t, VolumePath.ROOT))
                .containsExactly(
                        "a.txt " + f.store("a").digest() + " 1 mode 644", "d/", "l -> d", "was-a-file -> a.txt");
    }

    @Test
    void times_of_many_entries_change_together_or_not_at_all() throws Exception {
        assumeWritable();
        assumeLinksAndFolderTimes();
        FileTree t = f.fresh(kind);
        t.put(p("a/x.txt"), f.store("x"), 1);
        t.mkdir(p("a/b/c"), true);
        t.symlink(p("a/l"), "x.txt", 2);
        Map<VolumePath, Long> times = new LinkedHashMap<>();
        times.put(p("a/b/c"), 300L);
        times.put(p("a/b"), 200L);
        times.put(p("a"), 100L);
        times.put(p("a/l"), 400L);
        times.put(p("a/x.txt"), 500L);
        assertThat(t.setTimes(times)).isEqualTo(5);
        assertThat(List.of("a", "a/b", "a/b/c", "a/l", "a/x.txt"))
                .extracting(path -> t.stat(p(path)).mtime())
                .containsExactly(100L, 200L, 300L, 400L, 500L);
        assertThat(t.stat(p("a/x.txt")).digest()).isEqualTo(f.store("x").digest());

        Map<VolumePath, Long> oneMissing = new LinkedHashMap<>();
        oneMissing.put(p("a"), 1L);
        oneMissing.put(p("a/missing"), 2L);
        assertThatThrownBy(() -> t.setTimes(oneMissing)).isInstanceOf(CofferException.NotFound.class);
        assertThat(t.stat(p("a")).mtime()).as("nothing changed").isEqualTo(100L);
        assertThat(t.setTimes(Map.of())).isZero();
    }

    // --- read-only trees ------------------------------------------------------------------

    @Test
    void committed_versions_refuse_every_change_and_stay_as_they_were() throws Exception {
        FileTree t = sample();
        assertThat(t.writable()).isEqualTo(kind != Kind.VERSION);
        assumeTrue(kind == Kind.VERSION);
        List<String> before = shape(t, VolumePath.ROOT);
        FileTree other = f.fresh(Kind.STORAGE);
        other.put(p("x"), f.store("x"), 1);
        List<ThrowingChange> changes = List.of(
                () -> t.checkCanCreate(p("new")),
                () -> t.put(p("new"), f.store("n"), 1),
                () -> t.putAll(List.of(new FileCommit(p("new"), f.store("n"), 1))),
                () -> t.mkdir(p("newdir"), true),
                () -> t.symlink(p("link"), "a.txt", 1),
                () -> t.setAttributes(p("a.txt"), 1L, 0755),
                () -> t.setTimes(Map.of(p("a.txt"), 1L)),
                () -> t.move(p("a.txt"), p("b.txt"), false),
                () -> t.copy(t, p("a.txt"), p("c.txt")),
                () -> t.copy(other, p("x"), p("x")),
                () -> t.delete(p("a.txt"), false),
                () -> t.deleteAll(List.of(p("a.txt")), true));
        for (ThrowingChange change : changes) {
            assertThatThrownBy(change::run)
                    .isInstanceOf(CofferException.Conflict.class)
                    .hasMessageContaining("is committed and never changes");
        }
        assertThat(shape(t, VolumePath.ROOT)).isEqualTo(before);
    }

    @FunctionalInterface
    interface ThrowingChange {
        void run() throws Exception;
    }
}

package dev.coffer.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coffer.chunk.ChunkId;
import dev.coffer.error.CofferException;
import dev.coffer.tree.TreeFixture.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one contract of {@link FileTree} for reading and changing files and folders, run on every
 * tree kind (see {@link TreeContract}). Reads are checked on every kind; changes on the writable
 * kinds, and a committed version must refuse each change with the same conflict and stay as it
 * was. Links, modes and times are in {@link FileTreeMetadataContractTest}.
 */
class FileTreeContractTest extends TreeContract {
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

package dev.coffer.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coffer.error.CofferException;
import dev.coffer.tree.TreeFixture.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link FileTree} for what a file carries besides its bytes: symbolic links,
 * permission bits and times, on every tree kind (see {@link TreeContract}). A bucket keeps no
 * symbolic links and no folder times: the checks of those skip it, and it must refuse a link.
 */
class FileTreeMetadataContractTest extends TreeContract {
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
        assertThatThrownBy(() -> t.symlinkAll(Map.of(p("l"), new NewLink("a.txt", 1))))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("keeps no symbolic links");
        assertThat(t.symlinkAll(Map.of())).isZero();
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
        t.put(p("a/y.txt"), f.store("yy"), 1);
        t.put(p("a/b/c/z.txt"), f.store("z"), 1);
        t.mkdir(p("a/b/c"), true);
        t.symlink(p("a/l"), "x.txt", 2);
        Map<VolumePath, Long> times = new LinkedHashMap<>();
        times.put(p("a/b/c"), 300L);
        times.put(p("a/b"), 200L);
        times.put(p("a/b/c/z.txt"), 700L);
        times.put(p("a"), 100L);
        times.put(p("a/l"), 400L);
        times.put(p("a/x.txt"), 500L);
        times.put(p("a/y.txt"), 600L);
        assertThat(t.setTimes(times)).isEqualTo(7);
        assertThat(List.of("a", "a/b", "a/b/c", "a/l", "a/x.txt", "a/y.txt", "a/b/c/z.txt"))
                .extracting(path -> t.stat(p(path)).mtime())
                .containsExactly(100L, 200L, 300L, 400L, 500L, 600L, 700L);
        assertThat(List.of("a/x.txt", "a/y.txt", "a/b/c/z.txt"))
                .as("a time change keeps each file's content")
                .extracting(path -> t.stat(p(path)).digest())
                .containsExactly(
                        f.store("x").digest(),
                        f.store("yy").digest(),
                        f.store("z").digest());
        assertThat(t.stat(p("a/l")).target()).isEqualTo("x.txt");
        assertThat(t.setTimes(Map.of(p("a/b"), 250L, p("a/b/c"), 350L)))
                .as("folders that already have rows of their own")
                .isEqualTo(2);
        assertThat(t.stat(p("a/b/c")).mtime()).isEqualTo(350L);
        assertThat(t.stat(p("a/b/c/z.txt")).digest()).isEqualTo(f.store("z").digest());
        assertThat(treeProblems())
                .as("references on folder trees as they should be")
                .isEmpty();

        Map<VolumePath, Long> oneMissing = new LinkedHashMap<>();
        oneMissing.put(p("a"), 1L);
        oneMissing.put(p("a/x.txt"), 1L);
        oneMissing.put(p("a/missing"), 2L);
        assertThatThrownBy(() -> t.setTimes(oneMissing)).isInstanceOf(CofferException.NotFound.class);
        assertThat(t.stat(p("a")).mtime()).as("nothing changed").isEqualTo(100L);
        assertThat(t.stat(p("a/x.txt")).mtime()).as("nothing changed").isEqualTo(500L);
        Map<VolumePath, Long> belowAFile = new LinkedHashMap<>();
        belowAFile.put(p("a/y.txt"), 1L);
        belowAFile.put(p("a/x.txt/inside"), 2L);
        assertThatThrownBy(() -> t.setTimes(belowAFile)).isInstanceOf(CofferException.NotFound.class);
        assertThat(t.stat(p("a/y.txt")).mtime()).as("nothing changed").isEqualTo(600L);
        t.delete(p("a/b/c/z.txt"), false);
        assertThatThrownBy(() -> t.setTimes(Map.of(p("a/b/c/z.txt"), 3L)))
                .as("a deleted file")
                .isInstanceOf(CofferException.NotFound.class);
        assertThat(t.setTimes(Map.of())).isZero();
    }

    @Test
    void many_links_are_made_together_or_not_at_all() throws Exception {
        assumeWritable();
        assumeLinksAndFolderTimes();
        FileTree t = f.fresh(kind);
        t.put(p("a/x.txt"), f.store("x"), 1);
        t.put(p("a/was-a-file"), f.store("w"), 1);
        t.mkdir(p("d"), false);
        Map<VolumePath, NewLink> links = new LinkedHashMap<>();
        links.put(p("a/l"), new NewLink("x.txt", 10));
        links.put(p("new/deep/l"), new NewLink("../../a/x.txt", 20));
        links.put(p("new/deep/l2"), new NewLink("l", 30));
        links.put(p("a/was-a-file"), new NewLink("x.txt", 40));
        assertThat(t.symlinkAll(links)).isEqualTo(4);
        assertThat(List.of("a/l", "new/deep/l", "new/deep/l2", "a/was-a-file"))
                .extracting(
                        path -> t.stat(p(path)).target() + " " + t.stat(p(path)).mtime())
                .containsExactly("x.txt 10", "../../a/x.txt 20", "l 30", "x.txt 40");
        assertThat(t.stat(p("new/deep")).kind()).isEqualTo(FileEntry.Kind.FOLDER);

        Map<VolumePath, NewLink> overAFolder = new LinkedHashMap<>();
        overAFolder.put(p("other/l"), new NewLink("x", 1));
        overAFolder.put(p("d"), new NewLink("x", 1));
        assertThatThrownBy(() -> t.symlinkAll(overAFolder)).isInstanceOf(CofferException.Conflict.class);
        Map<VolumePath, NewLink> badTarget = new LinkedHashMap<>();
        badTarget.put(p("other/l"), new NewLink("x", 1));
        badTarget.put(p("other/l2"), new NewLink("", 1));
        assertThatThrownBy(() -> t.symlinkAll(badTarget)).isInstanceOf(CofferException.Invalid.class);
        assertThat(shape(t, VolumePath.ROOT))
                .as("neither refused batch kept anything")
                .containsExactly(
                        "a/",
                        "a/l -> x.txt",
                        "a/was-a-file -> x.txt",
                        "a/x.txt " + f.store("x").digest() + " 1",
                        "d/",
                        "new/",
                        "new/deep/",
                        "new/deep/l -> ../../a/x.txt",
                        "new/deep/l2 -> l");
        assertThat(t.symlinkAll(Map.of())).isZero();
    }
}

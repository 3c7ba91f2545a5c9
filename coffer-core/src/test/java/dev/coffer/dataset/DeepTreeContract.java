package dev.coffer.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.tree.VolumePath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Trees as deep as the path limit allows (2,000 folders) are walked, copied and committed on a
 * thread with a small stack: every walk keeps its own stack of folders instead of recursing.
 * On SQLite only, as since it was written: the stack it checks is the Java walk's, whatever the
 * database.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = "SQLITE")
class DeepTreeContract extends DatasetTestBase {
    static final int DEPTH = 2000;
    /** Small enough that one recursive frame per level would overflow it. */
    static final long STACK_BYTES = 192 * 1024;

    /** Runs {@code work} on a thread with a small stack and rethrows what it threw (a StackOverflowError too). */
    static void onSmallStack(ThrowingRunnable work) throws Throwable {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = new Thread(
                null,
                () -> {
                    try {
                        work.run();
                    } catch (Throwable e) {
                        failed.set(e);
                    }
                },
                "small-stack",
                STACK_BYTES);
        t.start();
        t.join();
        if (failed.get() != null) throw failed.get();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void a_tree_as_deep_as_the_path_limit_is_walked_copied_and_committed_without_recursion() throws Throwable {
        String deep = "a/".repeat(DEPTH - 1) + "a";
        tree.mkdir(storage, VolumePath.parse(deep), true);
        tree.putFile(storage, VolumePath.parse(deep + "/f"), store("bottom"), 1);

        List<String> walked = new ArrayList<>();
        onSmallStack(() -> tree.walk(storage, VolumePath.parse("a"), (e, path) -> walked.add(String.join("/", path))));
        assertThat(walked).hasSize(DEPTH);
        assertThat(walked.getLast()).isEqualTo("a/".repeat(DEPTH - 2) + "a/f");

        onSmallStack(() -> tree.copy(storage, VolumePath.parse("a"), VolumePath.parse("b")));
        var copied = tree.stat(storage, VolumePath.parse("b" + "/a".repeat(DEPTH - 1) + "/f"));
        assertThat(copied.size()).isEqualTo("bottom".length());
        assertThat(copied.contentId())
                .isEqualTo(tree.stat(storage, VolumePath.parse(deep + "/f")).contentId());

        Dataset ds = dataset("deep");
        Version d = draft(ds);
        onSmallStack(() -> drafts.copyFromVolume(d, storage, VolumePath.parse("a"), VolumePath.parse("a")));
        AtomicReference<Version> committed = new AtomicReference<>();
        onSmallStack(() -> committed.set(drafts.commit(d, "deep")));
        List<String> inVersion = new ArrayList<>();
        onSmallStack(() -> reader.walk(
                committed.get(), VolumePath.parse("a"), (e, path) -> inVersion.add(String.join("/", path))));
        assertThat(inVersion).hasSize(DEPTH);
        assertThat(inVersion.getLast()).isEqualTo(walked.getLast());
    }
}

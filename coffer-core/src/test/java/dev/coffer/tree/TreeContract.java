package dev.coffer.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coffer.dataset.TreeCheck;
import dev.coffer.testkit.Backend;
import dev.coffer.tree.TreeFixture.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the contract suites of {@link FileTree} share: every tree kind (storage, notebook, draft,
 * committed version, a data source's bucket) on SQLite with a content folder and on PostgreSQL
 * with content in S3Proxy, a fixture per test, and helpers to fill and describe a tree. After
 * each test the team's kept usage must equal a recount.
 */
@ParameterizedClass(name = "[{0}, {1}]")
@MethodSource("cases")
abstract class TreeContract {
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
    FileTree sample() throws Exception {
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
    static List<String> shape(FileTree t, VolumePath dir) throws Exception {
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

    /** What fsck's tree check finds wrong in the fixture's database (node hashes, counts, references). */
    List<String> treeProblems() {
        List<String> problems = new ArrayList<>();
        new TreeCheck(f.db).run(problems::add);
        return problems;
    }

    void assumeLinksAndFolderTimes() {
        assumeTrue(
                kind.keepsLinksAndFolderTimes(),
                "a bucket keeps no links or folder times (see a_bucket_refuses_links)");
    }

    void assumeWritable() {
        assumeTrue(
                kind != Kind.VERSION, "a committed version never changes (see committed_versions_refuse_every_change)");
    }
}

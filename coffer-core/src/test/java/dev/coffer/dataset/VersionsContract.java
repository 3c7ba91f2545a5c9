package dev.coffer.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.CofferException;
import dev.coffer.tree.FileCommit;
import dev.coffer.tree.VolumePath;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Datasets and versions: draft → commit → immutable, references, tags, namespaces, bad input. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class VersionsContract extends DatasetTestBase {

    @Test
    void a_committed_version_is_immutable_and_every_kind_of_write_is_refused() throws Exception {
        Dataset ds = dataset("cats");
        Version d = draft(ds);
        put(d, "a/one.txt", "one", "two.txt", "two");
        drafts.mkdir(d, p("empty"), false);
        Version v1 = drafts.commit(d, "first");
        assertThat(v1.committed()).isTrue();
        assertThat(v1.number()).isEqualTo(1);
        assertThat(v1.fileCount()).isEqualTo(2);
        assertThat(v1.size()).isEqualTo(6);
        assertThat(v1.digest()).hasSize(64);
        assertThat(v1.committedAt()).isNotNull();
        assertThat(v1.message()).isEqualTo("first");
        assertThat(text(v1, "a/one.txt")).isEqualTo("one");
        assertThat(reader.stat(v1, p("empty")).directory()).isTrue();

        tree.putFile(storage, p("s.txt"), store("s"), 1);
        Version other = drafts.commit(draft(dataset("dogs")), null);
        var refusals = List.<ThrowingCallable>of(
                () -> drafts.put(v1, p("x"), store("x"), 1),
                () -> drafts.putAll(v1, List.of(new FileCommit(p("y"), store("y"), 1))),
                () -> drafts.delete(v1, p("two.txt"), false),
                () -> drafts.move(v1, p("two.txt"), p("three.txt")),
                () -> drafts.mkdir(v1, p("new"), true),
                () -> drafts.copyFromVolume(v1, storage, p("s.txt"), p("s.txt")),
                () -> drafts.copyFromVersion(v1, other, VolumePath.ROOT, p("dogs")),
                () -> drafts.commit(v1, null),
                () -> drafts.discard(v1));
        for (ThrowingCallable write : refusals) {
            assertThatThrownBy(write)
                    .isInstanceOf(CofferException.Conflict.class)
                    .hasMessageContaining("version 1 of 'cats' is committed")
                    .hasMessageContaining("start a new version from it");
        }
        assertThat(files(v1)).containsOnlyKeys("/a/one.txt", "/two.txt");
        assertThat(datasets.resolve(team, "cats:1").digest()).isEqualTo(v1.digest());
    }

    @Test
    void a_draft_reads_as_its_parent_with_its_changes_over_it() throws Exception {
        Dataset ds = dataset("ds");
        Version d1 = draft(ds);
        put(d1, "keep.txt", "keep", "change.txt", "old", "gone.txt", "gone");
        Version v1 = drafts.commit(d1, null);
        Version d2 = draft(ds);
        assertThat(d2.parentNumber()).isEqualTo(1);
        assertThat(d2.committed()).isFalse();
        assertThat(d2.digest()).isNull();
        assertThat(files(d2)).isEqualTo(files(v1));
        put(d2, "change.txt", "new", "added/x.txt", "x");
        drafts.delete(d2, p("gone.txt"), false);
        assertThat(text(d2, "change.txt")).isEqualTo("new");
        assertThat(text(d2, "keep.txt")).isEqualTo("keep");
        assertThat(listAll(d2, "", 10)).containsExactly("added", "change.txt", "keep.txt");
        assertThatThrownBy(() -> reader.stat(d2, p("gone.txt"))).isInstanceOf(CofferException.NotFound.class);
        assertThat(reader.manifest(d2, p("change.txt")).digest())
                .isEqualTo(store("new").digest());
        assertThat(text(v1, "change.txt")).isEqualTo("old");
        Version v2 = drafts.commit(d2, null);
        assertThat(files(v2)).containsOnlyKeys("/added/x.txt", "/change.txt", "/keep.txt");
        assertThat(v2.fileCount()).isEqualTo(3);
    }

    @Test
    void latest_numbers_and_tags_resolve_to_the_right_version() throws Exception {
        Dataset ds = dataset("ds");
        Version d1 = draft(ds);
        put(d1, "f", "1");
        Version v1 = drafts.commit(d1, null);
        Version d2 = draft(ds);
        put(d2, "f", "2");
        Version v2 = drafts.commit(d2, null);
        Version d3 = draft(ds);
        assertThat(datasets.resolve(team, "ds").id()).isEqualTo(v2.id());
        assertThat(datasets.resolve(team, "ds:latest").id()).isEqualTo(v2.id());
        assertThat(datasets.resolve(team, "ds:1").id()).isEqualTo(v1.id());
        assertThat(datasets.resolve(team, "ds:3").id()).isEqualTo(d3.id());
        assertThat(datasets.resolve(team, "ds:3").committed()).isFalse();
        tags.tag(v1, "clean", false);
        assertThat(datasets.resolve(team, "ds:clean").id()).isEqualTo(v1.id());
        assertThat(datasets.resolve(team, "ds:clean").tags()).containsExactly("clean");
        // A draft committed later than a newer-numbered version becomes latest: latest is the newest commit.
        Version d4 = draft(ds);
        put(d3, "f", "3");
        put(d4, "f", "4");
        drafts.commit(d4, null);
        Version v3 = drafts.commit(d3, null);
        assertThat(datasets.resolve(team, "ds").id()).isEqualTo(v3.id());
        drafts.deleteVersion(v3);
        assertThat(datasets.resolve(team, "ds").number()).isEqualTo(4);
        assertThatThrownBy(() -> datasets.resolve(team, "ds:3"))
                .isInstanceOf(CofferException.NotFound.class)
                .hasMessageContaining("no version 3");
        assertThatThrownBy(() -> datasets.resolve(team, "ds:nope"))
                .isInstanceOf(CofferException.NotFound.class)
                .hasMessageContaining("no tag 'nope'");
        assertThatThrownBy(() -> datasets.resolve(team, "other")).isInstanceOf(CofferException.NotFound.class);
        assertThatThrownBy(() -> datasets.resolve(team, "ds:0")).isInstanceOf(CofferException.Invalid.class);
        assertThatThrownBy(() -> datasets.resolve(team, "ds:")).isInstanceOf(CofferException.Invalid.class);
        Dataset empty = dataset("empty");
        draft(empty);
        assertThatThrownBy(() -> datasets.resolve(team, "empty"))
                .isInstanceOf(CofferException.NotFound.class)
                .hasMessageContaining("no committed version yet");
    }

    @Test
    void a_tag_moves_only_when_moved_explicitly() throws Exception {
        Dataset ds = dataset("ds");
        Version v1 = drafts.commit(draft(ds), null);
        Version v2 = drafts.commit(draft(ds), null);
        tags.tag(v1, "v1", false);
        tags.tag(v1, "v1", false);
        assertThatThrownBy(() -> tags.tag(v2, "v1", false))
                .isInstanceOf(CofferException.Conflict.class)
                .hasMessageContaining("is on version 1")
                .hasMessageContaining("move it explicitly");
        assertThat(tags.list(ds)).containsExactly(new Tags.Tag("v1", 1));
        tags.tag(v2, "v1", true);
        assertThat(tags.list(ds)).containsExactly(new Tags.Tag("v1", 2));
        assertThat(datasets.resolve(team, "ds:v1").id()).isEqualTo(v2.id());
        assertThatThrownBy(() -> tags.tag(v1, "latest", false)).isInstanceOf(CofferException.Invalid.class);
        assertThatThrownBy(() -> tags.tag(v1, "12", false))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("all digits");
        assertThatThrownBy(() -> tags.tag(v1, "a:b", false)).isInstanceOf(CofferException.Invalid.class);
        assertThatThrownBy(() -> tags.tag(draft(ds), "wip", false))
                .isInstanceOf(CofferException.Conflict.class)
                .hasMessageContaining("draft");
        drafts.deleteVersion(v2);
        assertThat(tags.list(ds)).isEmpty();
        tags.tag(v1, "v1.0-rc", false);
        tags.untag(ds, "v1.0-rc");
        assertThatThrownBy(() -> tags.untag(ds, "v1.0-rc")).isInstanceOf(CofferException.NotFound.class);
    }

    @Test
    void public_and_team_datasets_are_separate_namespaces() {
        Dataset mine = datasets.create(team, "cats", "team cats", null);
        Dataset pub = datasets.create(null, "cats", "public cats", null);
        assertThat(pub.isPublic()).isTrue();
        assertThat(mine.id()).isNotEqualTo(pub.id());
        assertThatThrownBy(() -> datasets.create(team, "cats", "", null)).isInstanceOf(CofferException.Conflict.class);
        assertThatThrownBy(() -> datasets.create(null, "cats", "", null))
                .isInstanceOf(CofferException.Conflict.class)
                .hasMessageContaining("public");
        long otherTeam =
                db.write(h -> h.createQuery("INSERT INTO teams (name, created_at) VALUES ('other', 0) RETURNING id")
                        .mapTo(Long.class)
                        .one());
        datasets.create(otherTeam, "cats", "", null);
        assertThat(datasets.list(team)).extracting(Dataset::description).containsExactly("team cats");
        assertThat(datasets.list(null)).extracting(Dataset::description).containsExactly("public cats");
        assertThat(datasets.get(null, "cats").id()).isEqualTo(pub.id());
        drafts.commit(drafts.create(pub, Drafts.Parent.LATEST, null, null), null);
        assertThat(datasets.resolve(null, "cats").datasetId()).isEqualTo(pub.id());
        assertThatThrownBy(() -> datasets.resolve(team, "cats")).isInstanceOf(CofferException.NotFound.class);
        Dataset renamed = datasets.rename(mine, "kittens");
        assertThat(renamed.name()).isEqualTo("kittens");
        assertThat(datasets.rename(renamed, "cats").name()).isEqualTo("cats");
        assertThat(datasets.setDescription(renamed, "new words").description()).isEqualTo("new words");
    }

    @Test
    void describe_tells_versions_latest_size_and_new_bytes() throws Exception {
        Dataset ds = datasets.create(team, "ds", "words", null);
        Version d = draft(ds);
        drafts.put(d, p("a.bin"), store(random(1, 300_000)), 1);
        Version v1 = drafts.commit(d, null);
        Version d2 = draft(ds);
        drafts.put(d2, p("b.bin"), store(random(1, 300_000)), 1);
        Version v2 = drafts.commit(d2, null);
        Datasets.Description info = datasets.describe(ds);
        assertThat(info.owner()).isEqualTo("default");
        assertThat(info.versions()).extracting(Version::number).containsExactly(1L, 2L);
        assertThat(info.latest().id()).isEqualTo(v2.id());
        assertThat(info.size()).isEqualTo(600_000);
        assertThat(v1.newBytes()).isGreaterThan(0);
        assertThat(v2.newBytes())
                .as("the same bytes under another name are not new")
                .isZero();
        assertThat(info.newBytes()).isEqualTo(v1.newBytes());
    }

    @Test
    void bad_names_references_and_paths_are_refused_and_change_nothing() throws Exception {
        for (String bad : new String[] {"", "a:b", "a@b", "a/b", "..", ".", "x\u0000y", "n".repeat(256)}) {
            assertThatThrownBy(() -> datasets.create(team, bad, "", null))
                    .as(bad)
                    .isInstanceOf(CofferException.Invalid.class);
        }
        assertThat(count("datasets")).isZero();
        Dataset ds = dataset("ds");
        assertThatThrownBy(() -> datasets.rename(ds, "x:y")).isInstanceOf(CofferException.Invalid.class);
        assertThatThrownBy(() -> VolumePath.parse("a/../b")).isInstanceOf(CofferException.Invalid.class);
        Version d = draft(ds);
        put(d, "file", "x");
        long rows = count("dataset_draft_changes");
        assertThatThrownBy(() -> put(d, "file/inner", "y"))
                .isInstanceOf(CofferException.Conflict.class)
                .hasMessageContaining("is a file");
        assertThatThrownBy(() -> drafts.mkdir(d, p("file"), false)).isInstanceOf(CofferException.Conflict.class);
        assertThatThrownBy(() -> drafts.putAll(
                        d, List.of(new FileCommit(p("ok"), store("1"), 1), new FileCommit(p("file/x"), store("2"), 1))))
                .isInstanceOf(CofferException.Conflict.class);
        assertThatThrownBy(() -> drafts.delete(d, p("nothing"), true)).isInstanceOf(CofferException.NotFound.class);
        assertThatThrownBy(() -> drafts.move(d, p("nothing"), p("else"))).isInstanceOf(CofferException.NotFound.class);
        assertThatThrownBy(() -> drafts.move(d, p("file"), p("file/inside")))
                .isInstanceOf(CofferException.Invalid.class);
        assertThatThrownBy(() -> drafts.mkdir(d, p("no/parent"), false)).isInstanceOf(CofferException.NotFound.class);
        assertThatThrownBy(() -> drafts.delete(d, VolumePath.ROOT, true)).isInstanceOf(CofferException.Invalid.class);
        assertThatThrownBy(() -> drafts.create(ds, Drafts.Parent.of(d), null, null))
                .isInstanceOf(CofferException.Conflict.class);
        assertThat(count("dataset_draft_changes")).isEqualTo(rows);
        assertThat(listAll(d, "", 10)).containsExactly("file");
        assertThat(count("dataset_versions")).isEqualTo(1);
    }

    @Test
    void discarding_a_draft_drops_its_changes_and_deleting_a_dataset_drops_everything() throws Exception {
        Dataset ds = dataset("ds");
        Version d1 = draft(ds);
        put(d1, "a/b", "1", "c", "2");
        drafts.commit(d1, null);
        long trees = count("dataset_trees");
        Version d2 = draft(ds);
        put(d2, "x/y/z", "3");
        drafts.move(d2, p("a"), p("moved"));
        drafts.discard(d2);
        assertThat(count("dataset_draft_changes")).isZero();
        assertThat(count("dataset_trees")).isEqualTo(trees);
        assertThatThrownBy(() -> datasets.resolve(team, "ds:2")).isInstanceOf(CofferException.NotFound.class);
        Version d3 = draft(ds);
        assertThat(d3.number()).as("numbers are never reused").isEqualTo(3);
        put(d3, "q", "4");
        tags.tag(datasets.resolve(team, "ds:1"), "t", false);
        datasets.delete(ds);
        assertThat(count("datasets")).isZero();
        assertThat(count("dataset_versions")).isZero();
        assertThat(count("dataset_draft_changes")).isZero();
        assertThat(count("dataset_tags")).isZero();
        assertThat(count("dataset_tree_entries")).isZero();
        List<String> left = db.withHandle(h -> h.createQuery("SELECT hash FROM dataset_trees")
                .mapTo(String.class)
                .list());
        assertThat(left).as("only the permanent empty folder is left").containsOnly(TreeShape.EMPTY);
    }
}

package dev.coffer.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.tree.FileCommit;
import dev.coffer.usage.UsageRecount;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Dataset versions count for their team's usage: content shared by versions (and with volumes)
 * counts once, drafts count what they hold, deleting a version gives back exactly what only it
 * held, public datasets count for no team; always equal to a recount from scratch.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class DatasetUsageContract extends DatasetTestBase {
    long usageNow() {
        UsageRecount.Report r = new UsageRecount(db, usage).team(team);
        assertThat(r.mismatches()).isEmpty();
        assertThat(r.kept()).as("kept usage equals the recount").isEqualTo(r.counted());
        return r.kept();
    }

    @Test
    void versions_that_share_content_count_it_once_and_deleting_one_gives_back_only_its_own() throws Exception {
        Dataset ds = dataset("images");
        byte[] a = random(1, 800_000);
        byte[] b = random(2, 600_000);
        byte[] c = random(3, 400_000);
        Version v1 = draft(ds);
        drafts.put(v1, p("x/a.bin"), store(a), 1);
        drafts.put(v1, p("x/b.bin"), store(b), 1);
        assertThat(usageNow()).as("a draft counts what it holds").isEqualTo(a.length + b.length);
        v1 = drafts.commit(v1, "first");
        assertThat(usageNow()).isEqualTo(a.length + b.length);

        Version v2 = draft(ds);
        assertThat(usageNow()).as("a new draft shares its parent's content").isEqualTo(a.length + b.length);
        drafts.put(v2, p("x/c.bin"), store(c), 1);
        drafts.delete(v2, p("x/a.bin"), false);
        drafts.move(v2, p("x"), p("y"));
        v2 = drafts.commit(v2, "second");
        assertThat(usageNow()).as("a.bin still counts through version 1").isEqualTo(a.length + b.length + c.length);

        tree.putFile(storage, p("copy/c.bin"), store(c), 1);
        assertThat(usageNow()).as("the same content in storage counts once").isEqualTo(a.length + b.length + c.length);

        drafts.deleteVersion(v1);
        assertThat(usageNow()).as("deleting version 1 gives back a.bin only").isEqualTo(b.length + c.length);
        datasets.delete(ds);
        assertThat(usageNow()).as("c.bin is still in storage").isEqualTo(c.length);
    }

    @Test
    void discarded_drafts_and_many_small_files_are_counted_exactly() throws Exception {
        Dataset ds = dataset("small");
        Version v = draft(ds);
        List<FileCommit> files = new ArrayList<>();
        for (int i = 0; i < 400; i++)
            files.add(new FileCommit(p("d" + (i % 9) + "/f" + i), store(random(i % 150, 2000)), 1));
        drafts.putAll(v, files);
        assertThat(usageNow()).isEqualTo(150 * 2000L);
        drafts.putAll(v, files.subList(0, 100));
        assertThat(usageNow())
                .as("replacing files with the same content changes nothing")
                .isEqualTo(150 * 2000L);
        v = drafts.commit(v, null);
        tree.putFile(storage, p("s/x.bin"), store(random(998, 3000)), 1);
        Version next = draft(ds);
        drafts.copyFromVolume(next, storage, p("s"), p("from-storage"));
        drafts.put(next, p("extra.bin"), store(random(999, 5000)), 1);
        assertThat(usageNow()).isEqualTo(150 * 2000L + 3000 + 5000);
        drafts.discard(next);
        assertThat(usageNow()).isEqualTo(150 * 2000L + 3000);
    }

    @Test
    void public_datasets_count_for_no_team() throws Exception {
        Dataset pub = datasets.create(null, "open-data", "", null);
        Version v = drafts.create(pub, Drafts.Parent.LATEST, null, null);
        drafts.put(v, p("a.bin"), store(random(5, 300_000)), 1);
        drafts.commit(v, null);
        assertThat(usageNow()).isZero();
    }
}

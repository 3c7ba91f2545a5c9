package dev.coffer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void metering_is_a_scenario_of_its_own_that_needs_no_peers() {
        BenchOptions o = BenchOptions.parse(new String[] {"metering", "--runs", "3", "--small-files", "2000"});
        assertThat(o.scenarios()).containsExactly("metering");
        assertThat(o.runs()).isEqualTo(3);
        assertThat(o.smallFiles()).isEqualTo(2000);
        assertThat(o.needsPeers()).isFalse();
        assertThat(BenchOptions.USAGE).contains("metering");
    }

    @Test
    void every_scenario_by_default_including_metering_and_the_peers() {
        BenchOptions o = BenchOptions.parse(new String[] {});
        assertThat(o.scenarios())
                .containsExactly(
                        "ingest-large",
                        "ingest-small",
                        "reingest",
                        "metering",
                        "version-100k",
                        "real-tree",
                        "mount-read",
                        "mount-small",
                        "load");
        assertThat(o.needsPeers()).isTrue();
        assertThat(o.needsRclone()).isTrue();
        assertThat(BenchOptions.parse(new String[] {"metering", "ingest-small"}).needsPeers())
                .isTrue();
    }

    @Test
    void load_needs_neither_peer_and_runs_sixty_seconds_unless_told() {
        BenchOptions o = BenchOptions.parse(new String[] {"load"});
        assertThat(o.scenarios()).containsExactly("load");
        assertThat(o.loadSeconds()).isEqualTo(60);
        assertThat(o.needsPeers()).isFalse();
        assertThat(o.needsRclone()).isFalse();
        assertThat(BenchOptions.parse(new String[] {"load", "--load-seconds", "5"})
                        .loadSeconds())
                .isEqualTo(5);
        assertThat(BenchOptions.USAGE).contains("load").contains("--load-seconds");
    }

    @Test
    void load_seconds_must_be_a_positive_whole_number() {
        for (String bad : new String[] {"0", "-3", "1.5", "ten"}) {
            assertThatThrownBy(() -> BenchOptions.parse(new String[] {"load", "--load-seconds", bad}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--load-seconds")
                    .hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"load", "--load-seconds"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a value");
    }

    @Test
    void load_runs_one_server_unless_told_and_at_most_four() {
        assertThat(BenchOptions.parse(new String[] {"load"}).loadInstances()).isEqualTo(1);
        assertThat(BenchOptions.parse(new String[] {"load", "--instances", "2"}).loadInstances())
                .isEqualTo(2);
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"load", "--instances", "5"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--instances is at most 4, got 5");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"load", "--instances", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--instances needs a positive whole number");
        assertThat(BenchOptions.USAGE).contains("--instances N");
    }

    @Test
    void the_mount_scenarios_need_rclone_and_not_restic() {
        BenchOptions o = BenchOptions.parse(new String[] {"mount-read", "mount-small", "--large-mib", "256"});
        assertThat(o.scenarios()).containsExactly("mount-read", "mount-small");
        assertThat(o.largeBytes()).isEqualTo(256L << 20);
        assertThat(o.needsRclone()).isTrue();
        assertThat(o.needsPeers()).isFalse();
        assertThat(BenchOptions.parse(new String[] {"version-100k"}).needsRclone())
                .isFalse();
        assertThat(BenchOptions.USAGE).contains("mount-read").contains("mount-small");
    }

    @Test
    void real_tree_needs_restic_and_takes_its_file_count() {
        BenchOptions o = BenchOptions.parse(new String[] {"real-tree", "--real-tree-files", "2000"});
        assertThat(o.scenarios()).containsExactly("real-tree");
        assertThat(o.realTreeFiles()).isEqualTo(2000);
        assertThat(o.needsPeers()).isTrue();
        assertThat(o.needsRclone()).isFalse();
        assertThat(BenchOptions.parse(new String[] {"real-tree"}).realTreeFiles())
                .isEqualTo(40_000);
        assertThat(BenchOptions.USAGE).contains("real-tree").contains("--real-tree-files N");
    }
}

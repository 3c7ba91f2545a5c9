package dev.coffer.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
                        "mount-read",
                        "mount-small");
        assertThat(o.needsPeers()).isTrue();
        assertThat(o.needsRclone()).isTrue();
        assertThat(BenchOptions.parse(new String[] {"metering", "ingest-small"}).needsPeers())
                .isTrue();
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
}

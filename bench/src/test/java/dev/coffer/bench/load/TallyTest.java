package dev.coffer.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TallyTest {
    private static final long MS = 1_000_000;

    @Test
    void percentiles_are_nearest_rank_latencies_that_really_happened() {
        Tally t = new Tally();
        // 1..100 ms, recorded out of order.
        for (int i = 100; i >= 1; i--) t.ok(RequestKind.LIST, i * MS);
        Tally.KindFigures f = t.figures(RequestKind.LIST, 10);
        assertThat(f.count()).isEqualTo(100);
        assertThat(f.perSecond()).isEqualTo(10.0);
        assertThat(f.p50Ms()).isEqualTo(50.0);
        assertThat(f.p90Ms()).isEqualTo(90.0);
        assertThat(f.p99Ms()).isEqualTo(99.0);
        assertThat(f.maxMs()).isEqualTo(100.0);
    }

    @Test
    void a_slow_outlier_shows_in_p99_of_few_samples_but_not_in_p50() {
        Tally t = new Tally();
        for (int i = 0; i < 9; i++) t.ok(RequestKind.READ, 2 * MS);
        t.ok(RequestKind.READ, 500 * MS);
        Tally.KindFigures f = t.figures(RequestKind.READ, 1);
        assertThat(f.p50Ms()).isEqualTo(2.0);
        assertThat(f.p90Ms()).isEqualTo(2.0);
        // Nearest rank of 99% of 10 values is the 10th: the outlier, not an interpolation towards it.
        assertThat(f.p99Ms()).isEqualTo(500.0);
    }

    @Test
    void a_kind_without_requests_reports_zeros_rather_than_failing() {
        Tally.KindFigures f = new Tally().figures(RequestKind.STAT, 60);
        assertThat(f.count()).isZero();
        assertThat(f.p50Ms()).isZero();
        assertThat(f.maxMs()).isZero();
    }

    @Test
    void errors_and_refusals_are_counted_apart_and_never_among_the_latencies() {
        Tally t = new Tally();
        t.ok(RequestKind.UPLOAD, 40 * MS);
        t.error(RequestKind.UPLOAD, "PUT x answered 500");
        t.refused(RequestKind.UPLOAD);
        t.refused(RequestKind.READ);
        Tally.KindFigures up = t.figures(RequestKind.UPLOAD, 1);
        assertThat(up.count()).isEqualTo(1);
        assertThat(up.errors()).isEqualTo(1);
        assertThat(up.refused429()).isEqualTo(1);
        assertThat(up.maxMs()).isEqualTo(40.0);
        assertThat(t.errors()).isEqualTo(1);
        assertThat(t.refused429()).isEqualTo(2);
        assertThat(t.errorSamples()).containsExactly("upload: PUT x answered 500");
    }

    @Test
    void merging_clients_adds_everything_and_keeps_only_the_first_error_messages() {
        Tally total = new Tally();
        for (int c = 0; c < 4; c++) {
            Tally client = new Tally();
            // Past the initial array size, so merging has to grow it.
            for (int i = 0; i < 1500; i++) client.ok(RequestKind.READ, (c * 1500L + i + 1) * MS);
            client.error(RequestKind.STAT, "client " + c + " a");
            client.error(RequestKind.STAT, "client " + c + " b");
            client.downloaded(1000);
            client.uploaded(10);
            total.merge(client);
        }
        Tally.KindFigures read = total.figures(RequestKind.READ, 1);
        assertThat(read.count()).isEqualTo(6000);
        assertThat(read.maxMs()).isEqualTo(6000.0);
        assertThat(read.p50Ms()).isEqualTo(3000.0);
        assertThat(total.figures(RequestKind.STAT, 1).errors()).isEqualTo(8);
        assertThat(total.errorSamples()).hasSize(Tally.ERROR_SAMPLES).startsWith("stat: client 0 a");
        assertThat(total.downloadedBytes()).isEqualTo(4000);
        assertThat(total.uploadedBytes()).isEqualTo(40);
    }
}

package dev.coffer.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.bench.load.LoadTest;
import dev.coffer.bench.load.RequestKind;
import dev.coffer.bench.load.Tally;
import dev.coffer.bench.report.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic, shape and verdict of the load report, from a made-up run (no server runs here). */
class LoadReportTest {
    private static final long MS = 1_000_000;

    /** 20 s of load: 2,000 reads of 10 ms, 1,000 lists of 4 ms, 100 uploads of 200 ms, and one 429. */
    private static Tally tally() {
        Tally t = new Tally();
        for (int i = 0; i < 2000; i++) t.ok(RequestKind.READ, 10 * MS);
        for (int i = 0; i < 1000; i++) t.ok(RequestKind.LIST, 4 * MS);
        for (int i = 0; i < 100; i++) t.ok(RequestKind.UPLOAD, 200 * MS);
        t.downloaded(200_000_000);
        t.uploaded(100_000_000);
        t.refused(RequestKind.LIST);
        return t;
    }

    private static LoadTest.Result result(Tally t, List<String> wrong) {
        return new LoadTest.Result(
                64,
                8,
                20,
                20.0,
                2020,
                90_000_000,
                20,
                t,
                30.0,
                300L << 20,
                12.5,
                new LoadTest.ReadBack(100, wrong, 4.0));
    }

    @Test
    void reports_each_kind_the_totals_and_the_rates_over_the_measured_seconds() throws Exception {
        Scenario.Report r = Load.build(result(tally(), List.of()), 0.7, 1);
        JsonNode j = Json.MAPPER.readTree(Json.line(r.json()));
        assertThat(j.path("scenario").asText()).isEqualTo("load");
        assertThat(j.path("seconds").asInt()).isEqualTo(20);
        assertThat(j.path("clients").path("readers").asInt()).isEqualTo(64);
        assertThat(j.path("clients").path("uploaders").asInt()).isEqualTo(8);
        JsonNode read = j.path("kinds").path("read");
        assertThat(read.path("count").asLong()).isEqualTo(2000);
        assertThat(read.path("requestsPerSecond").asDouble()).isEqualTo(100.0);
        assertThat(read.path("p50Ms").asDouble()).isEqualTo(10.0);
        assertThat(read.path("p99Ms").asDouble()).isEqualTo(10.0);
        assertThat(j.path("kinds").path("list").path("refused429").asLong()).isEqualTo(1);
        assertThat(j.path("kinds").path("stat").path("count").asLong()).isZero();
        assertThat(j.path("kinds").path("upload").path("p90Ms").asDouble()).isEqualTo(200.0);
        assertThat(j.path("requests").asLong()).isEqualTo(3100);
        assertThat(j.path("requestsPerSecond").asDouble()).isEqualTo(155.0);
        assertThat(j.path("errors").asLong()).isZero();
        assertThat(j.path("refused429").asLong()).isEqualTo(1);
        assertThat(j.path("uploadedMBps").asDouble()).isEqualTo(5.0);
        assertThat(j.path("downloadedMBps").asDouble()).isEqualTo(10.0);
        assertThat(j.path("serverHeap").asText()).isEqualTo("-Xmx256m");
        assertThat(j.path("serverPeakRssBytes").asLong()).isEqualTo(300L << 20);
        assertThat(j.path("serverCpuSeconds").asDouble()).isEqualTo(30.0);
        assertThat(j.path("uploadsReadBack").path("checked").asLong()).isEqualTo(100);
        assertThat(j.path("uploadsReadBack").path("wrong").asLong()).isZero();
        assertThat(r.table())
                .contains("read")
                .contains("all")
                .contains("1.50 cores")
                .contains("all identical")
                .doesNotContain("ERROR");
        assertThat(Load.problems(result(tally(), List.of()))).isEmpty();
    }

    @Test
    void a_failed_request_or_a_wrong_read_back_makes_the_run_not_count() {
        Tally t = tally();
        t.error(RequestKind.STAT, "GET stat/seed/d00/f000.bin answered 500 boom");
        LoadTest.Result failed = result(t, List.of("uploads/u00/u00003.bin: 10 bytes read back, 20 stored"));
        List<String> problems = Load.problems(failed);
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("1 request(s) failed").contains("answered 500 boom");
        assertThat(problems.get(1)).contains("1 of 100").contains("u00003.bin");
        Scenario.Report r = Load.build(failed, null, 2);
        assertThat(r.json().path("errors").asLong()).isEqualTo(1);
        assertThat(r.json().path("kinds").path("stat").path("errors").asLong()).isEqualTo(1);
        assertThat(r.json().path("loadAverageAtStart").isNull()).isTrue();
        assertThat(r.json().path("instances").asInt()).isEqualTo(2);
        assertThat(r.json().path("backend").asText()).isEqualTo("postgresql+s3proxy");
        assertThat(r.table()).contains("2 fresh servers -Xmx256m each on one PostgreSQL and one S3Proxy bucket");
        assertThat(r.table()).contains("ERROR stat: GET stat/seed/d00/f000.bin").contains("1 WRONG");
    }
}

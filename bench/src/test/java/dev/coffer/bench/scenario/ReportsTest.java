package dev.coffer.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.bench.data.DataSet;
import dev.coffer.bench.data.DiskUsage;
import dev.coffer.bench.report.Json;
import dev.coffer.bench.scenario.Measurements.Phase;
import dev.coffer.bench.tool.Sample;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic and shape of the reports, from made-up samples (no tool runs here). */
class ReportsTest {
    private static final long MB100 = 100_000_000;

    private static Sample peer(double seconds, long stored) {
        return new Sample(seconds, new DiskUsage(stored, stored), new DiskUsage(stored, stored), 0.01, null);
    }

    private static Sample coffer(double seconds, long stored, long added, long chunksSent) {
        return new Sample(
                seconds,
                new DiskUsage(stored, stored + 4096),
                new DiskUsage(added, added),
                0.02,
                new Sample.CofferCounts(10, 90, chunksSent, chunksSent * 1000, seconds - 0.5, 200L << 20));
    }

    private static Measurements measured() {
        Measurements m = new Measurements(new DataSet("small", "10 files", Path.of("x"), 10, MB100, true));
        for (double s : new double[] {4, 2, 3}) m.add(Phase.FIRST, Measurements.COFFER, coffer(s, MB100, MB100, 90));
        for (double s : new double[] {1, 1.5, 0.5}) m.add(Phase.FIRST, Measurements.CP, peer(s, MB100));
        for (double s : new double[] {6, 6, 6}) m.add(Phase.FIRST, Measurements.RESTIC, peer(s, 2 * MB100));
        for (double s : new double[] {1, 1, 1}) m.add(Phase.AGAIN, Measurements.COFFER, coffer(s, MB100, 0, 0));
        for (double s : new double[] {0.5, 0.5, 0.5}) m.add(Phase.AGAIN, Measurements.RESTIC, peer(s, 300));
        return m;
    }

    @Test
    void ingestReportGivesMediansRatesAndRatiosToEachPeer() throws Exception {
        Scenario.Report r = IngestReport.build("ingest-small", measured());
        JsonNode j = Json.MAPPER.readTree(Json.line(r.json()));
        assertThat(j.path("scenario").asText()).isEqualTo("ingest-small");
        assertThat(j.path("runs").asInt()).isEqualTo(3);
        JsonNode c = j.path("tools").path("coffer");
        assertThat(c.path("seconds").path("median").asDouble()).isEqualTo(3.0);
        assertThat(c.path("seconds").path("min").asDouble()).isEqualTo(2.0);
        assertThat(c.path("seconds").path("max").asDouble()).isEqualTo(4.0);
        assertThat(c.path("mbPerSec").asDouble()).isEqualTo(33.3);
        assertThat(c.path("filesPerSec").asDouble()).isEqualTo(3.0);
        assertThat(c.path("bytesStored").asLong()).isEqualTo(MB100);
        assertThat(c.path("cliSeconds").asDouble()).isEqualTo(2.5);
        assertThat(j.path("tools")
                        .path("cp+sync")
                        .path("seconds")
                        .path("median")
                        .asDouble())
                .isEqualTo(1.0);
        // Coffer took 3 s against cp's 1 s and restic's 6 s, and stored half what restic stored.
        assertThat(j.path("ratios").path("coffer/cp+sync").path("time").asDouble())
                .isEqualTo(3.0);
        assertThat(j.path("ratios").path("coffer/restic").path("time").asDouble())
                .isEqualTo(0.5);
        assertThat(j.path("ratios").path("coffer/restic").path("bytesStored").asDouble())
                .isEqualTo(0.5);
        assertThat(r.table()).contains("coffer vs cp+sync: 3.00x the time").contains("-Xmx256m");
    }

    @Test
    void reingestReportGivesTheRatioToTheFirstIngestAndChecksNothingWasSent() throws Exception {
        Scenario.Report r = Reingest.build(List.of(measured()));
        JsonNode j = Json.MAPPER.readTree(Json.line(r.json()));
        JsonNode c = j.path("sets").path("small").path("tools").path("coffer");
        assertThat(c.path("seconds").path("median").asDouble()).isEqualTo(1.0);
        assertThat(c.path("firstSeconds").asDouble()).isEqualTo(3.0);
        assertThat(c.path("ratioToFirst").asDouble()).isEqualTo(0.333);
        assertThat(c.path("chunksSent").asLong()).isZero();
        assertThat(c.path("newBytesStored").asLong()).isZero();
        JsonNode restic = j.path("sets").path("small").path("tools").path("restic");
        assertThat(restic.path("ratioToFirst").asDouble()).isEqualTo(0.083);
        assertThat(restic.path("newBytesStored").asLong()).isEqualTo(300);
        assertThat(j.path("sets")
                        .path("small")
                        .path("ratios")
                        .path("coffer/restic")
                        .path("time")
                        .asDouble())
                .isEqualTo(2.0);
        assertThat(j.path("nothingSent").asBoolean()).isTrue();
        assertThat(r.table()).doesNotContain("WARNING");
    }

    @Test
    void aReingestThatSendsChunksIsFlagged() throws Exception {
        Measurements m = measured();
        m.add(Phase.AGAIN, Measurements.COFFER, coffer(1, MB100, 5000, 5));
        Scenario.Report r = Reingest.build(List.of(m));
        assertThat(r.json().path("nothingSent").asBoolean()).isFalse();
        assertThat(r.json()
                        .path("sets")
                        .path("small")
                        .path("tools")
                        .path("coffer")
                        .path("chunksSent")
                        .asLong())
                .isEqualTo(5);
        assertThat(r.table()).contains("WARNING");
    }
}

package dev.coffer.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.bench.data.DataSet;
import dev.coffer.bench.data.DiskUsage;
import dev.coffer.bench.report.Json;
import dev.coffer.bench.tool.Sample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic and shape of the metering report, from made-up rounds (no server runs here). */
class MeteringReportTest {
    private static final long BYTES = 40_960_000;
    private static final DataSet SMALL =
            new DataSet("small", "10000 files of 4 KiB", Path.of("x"), 10_000, BYTES, true);

    /** A round whose server used 1.5 s of CPU per 5 s of copying. */
    private static Rounds.Ingest ingest(double seconds, long keptUsage) {
        Sample s = new Sample(
                seconds,
                new DiskUsage(BYTES, BYTES),
                new DiskUsage(BYTES, BYTES),
                0.01,
                new Sample.CofferCounts(10_000, 10_000, 10_000, BYTES, seconds - 0.5, 200L << 20));
        return new Rounds.Ingest(s, keptUsage, seconds * 0.3);
    }

    private static List<Rounds.Ingest> rounds(long keptUsage, double... seconds) {
        return Arrays.stream(seconds).mapToObj(s -> ingest(s, keptUsage)).toList();
    }

    @Test
    void gives_both_variants_medians_rates_and_the_ratio_of_the_medians() throws Exception {
        Scenario.Report r = Metering.build(SMALL, rounds(BYTES, 5.2, 4.8, 5.0), rounds(0, 5.0, 4.0, 6.0));
        JsonNode j = Json.MAPPER.readTree(Json.line(r.json()));
        assertThat(j.path("scenario").asText()).isEqualTo("metering");
        assertThat(j.path("runs").asInt()).isEqualTo(3);
        assertThat(j.path("data").path("files").asLong()).isEqualTo(10_000);
        assertThat(j.path("serverHeap").asText()).isEqualTo("-Xmx256m");
        JsonNode on = j.path("variants").path("on");
        assertThat(on.path("seconds").path("median").asDouble()).isEqualTo(5.0);
        assertThat(on.path("seconds").path("min").asDouble()).isEqualTo(4.8);
        assertThat(on.path("seconds").path("max").asDouble()).isEqualTo(5.2);
        assertThat(on.path("filesPerSec").asDouble()).isEqualTo(2000.0);
        assertThat(on.path("mbPerSec").asDouble()).isEqualTo(8.2);
        assertThat(on.path("cliSeconds").asDouble()).isEqualTo(4.5);
        assertThat(on.path("keptUsageBytes").asLong()).isEqualTo(BYTES);
        JsonNode off = j.path("variants").path("off");
        assertThat(off.path("setting").asText()).isEqualTo("COFFER_METERING=false");
        assertThat(off.path("seconds").path("median").asDouble()).isEqualTo(5.0);
        assertThat(off.path("spread").asDouble()).isEqualTo(0.4);
        assertThat(off.path("keptUsageBytes").asLong()).isZero();
        assertThat(on.path("serverCpuSeconds").path("median").asDouble()).isEqualTo(1.5);
        assertThat(off.path("serverCpuSeconds").path("max").asDouble()).isEqualTo(1.8);
        assertThat(j.path("serverCpuRatioOnToOff").asDouble()).isEqualTo(1.0);
        assertThat(j.path("ratioOnToOff").asDouble()).isEqualTo(1.0);
        assertThat(j.path("withinFivePercent").asBoolean()).isTrue();
        assertThat(j.path("settingTookHold").asBoolean()).isTrue();
        // Off's rounds range over 4.0-6.0 s around 5.0: 40%, far too wide to resolve 5%.
        assertThat(j.path("conclusive").asBoolean()).isFalse();
        assertThat(r.table()).contains("NOTE: not conclusive").contains("up to 40%");
        // Round by round: 5.2/5.0, 4.8/4.0, 5.0/6.0.
        assertThat(j.path("roundRatiosOnToOff")).extracting(JsonNode::asDouble).containsExactly(1.04, 1.2, 0.833);
        assertThat(r.table())
                .contains("metering on")
                .contains("metering off")
                .contains("1.00x (within 5%: yes)")
                .doesNotContain("WARNING");
    }

    @Test
    void more_than_five_percent_slower_with_metering_is_not_within() {
        Scenario.Report r = Metering.build(SMALL, rounds(BYTES, 5.3, 5.3, 5.3), rounds(0, 5.0, 5.0, 5.0));
        assertThat(r.json().path("ratioOnToOff").asDouble()).isEqualTo(1.06);
        assertThat(r.json().path("withinFivePercent").asBoolean()).isFalse();
        assertThat(r.table()).contains("1.06x (NOT within 5%: no)");
        assertThat(r.json().path("conclusive").asBoolean()).isTrue();
        assertThat(r.table()).doesNotContain("NOTE");
    }

    @Test
    void a_round_without_server_cpu_time_leaves_the_cpu_figures_out() {
        List<Rounds.Ingest> on = new ArrayList<>(rounds(BYTES, 5, 5));
        on.add(new Rounds.Ingest(ingest(5, BYTES).sample(), BYTES, -1));
        Scenario.Report r = Metering.build(SMALL, on, rounds(0, 5, 5, 5));
        assertThat(r.json().path("variants").path("on").has("serverCpuSeconds")).isFalse();
        assertThat(r.json()
                        .path("variants")
                        .path("off")
                        .path("serverCpuSeconds")
                        .path("median")
                        .asDouble())
                .isEqualTo(1.5);
        assertThat(r.json().path("serverCpuRatioOnToOff").isNull()).isTrue();
        assertThat(r.json().path("ratioOnToOff").asDouble()).isEqualTo(1.0);
    }

    @Test
    void usage_kept_with_metering_off_is_flagged() {
        Scenario.Report r = Metering.build(SMALL, rounds(BYTES, 5, 5, 5), rounds(BYTES, 5, 5, 5));
        assertThat(r.json().path("settingTookHold").asBoolean()).isFalse();
        assertThat(r.table()).contains("WARNING");
    }
}

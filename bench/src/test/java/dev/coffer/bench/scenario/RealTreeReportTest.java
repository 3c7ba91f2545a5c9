package dev.coffer.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.bench.report.Json;
import dev.coffer.bench.scenario.RealTreeReport.Results;
import dev.coffer.bench.scenario.RealTreeReport.Step;
import dev.coffer.bench.scenario.RealTreeReport.VersionFacts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** real-tree's arithmetic and verdicts, from made-up figures (no tool runs here). */
class RealTreeReportTest {
    private static Results results(double pushNewCoffer, double pullCoffer, long cofferBytes) {
        Results r = new Results();
        r.description = "1000 files";
        for (double s : new double[] {20, 22}) r.add(r.coffer, Step.PUSH_V1, s);
        for (double s : new double[] {6, 7}) r.add(r.restic, Step.PUSH_V1, s);
        r.add(r.coffer, Step.PUSH_V2, pushNewCoffer);
        r.add(r.coffer, Step.PUSH_V2, pushNewCoffer + 2);
        r.add(r.coffer, Step.PUSH_V3, pushNewCoffer + 1);
        r.add(r.coffer, Step.PUSH_V3, pushNewCoffer + 3);
        for (Step s : List.of(Step.PUSH_V2, Step.PUSH_V3)) {
            r.add(r.restic, s, 4);
            r.add(r.restic, s, 4);
        }
        r.add(r.coffer, Step.PULL, pullCoffer);
        r.add(r.coffer, Step.PULL, pullCoffer);
        r.add(r.restic, Step.PULL, 10);
        r.add(r.restic, Step.PULL, 10);
        r.cofferBytes.addAll(List.of(cofferBytes, cofferBytes));
        r.cofferContentBytes.addAll(List.of(cofferBytes - 1000, cofferBytes - 1000));
        r.cofferDatabaseBytes.addAll(List.of(800L, 800L));
        r.cofferDiskBytes.addAll(List.of(cofferBytes, cofferBytes));
        r.resticBytes.addAll(List.of(1_000_000L, 1_000_000L));
        r.resticDiskBytes.addAll(List.of(1_000_000L, 1_000_000L));
        r.versions.addAll(List.of(
                new VersionFacts(1, 1000, 5000, 0, 0, 0),
                new VersionFacts(2, 1000, 5100, 30, 2, 2),
                new VersionFacts(3, 1000, 5200, 30, 2, 2)));
        return r;
    }

    @Test
    void ratios_per_step_and_a_new_version_is_the_median_of_pushes_two_and_three() throws Exception {
        Scenario.Report report = RealTreeReport.build(2, results(8, 16, 1_500_000));
        JsonNode j = Json.MAPPER.readTree(Json.line(report.json()));
        assertThat(j.path("scenario").asText()).isEqualTo("real-tree");
        JsonNode steps = j.path("steps");
        assertThat(steps.path("pushFirst").path("seconds").path("median").asDouble())
                .isEqualTo(21.0);
        assertThat(steps.path("pushFirst").path("ratioToRestic").asDouble()).isEqualTo(3.231);
        // v2: 8 and 10, v3: 9 and 11 -> median of the four is 9.5, against restic's 4.
        assertThat(steps.path("pushNew").path("seconds").path("median").asDouble())
                .isEqualTo(9.5);
        assertThat(steps.path("pushNew").path("ratioToRestic").asDouble()).isEqualTo(2.375);
        assertThat(steps.path("pushNew").path("met").asBoolean()).isFalse();
        assertThat(steps.path("pull").path("ratioToRestic").asDouble()).isEqualTo(1.6);
        assertThat(j.path("stored").path("ratioToRestic").asDouble()).isEqualTo(1.5);
        assertThat(j.path("stored").path("coffer").path("databaseBytes").asLong())
                .isEqualTo(800);
        assertThat(j.path("stored").path("coffer").path("otherBytes").asLong()).isEqualTo(200);
        JsonNode ratios = j.path("ratios").path("coffer/restic");
        assertThat(ratios.path("pushV2").asDouble()).isEqualTo(2.25);
        assertThat(ratios.path("pushV3").asDouble()).isEqualTo(2.5);
        assertThat(ratios.path("storedBytes").asDouble()).isEqualTo(1.5);
        assertThat(j.path("targetsMet").asBoolean()).isFalse();
        assertThat(j.path("data").path("versions").get(1).path("changed").asInt())
                .isEqualTo(30);
        assertThat(report.table()).contains("push v2+v3 (new version)").contains("NOT all met");
    }

    @Test
    void targets_are_met_only_when_all_three_are() {
        JsonNode met = RealTreeReport.build(2, results(0.5, 7, 900_000)).json();
        assertThat(met.path("targetsMet").asBoolean()).isTrue();
        JsonNode bytesOver = RealTreeReport.build(2, results(0.5, 7, 1_000_001)).json();
        assertThat(bytesOver.path("stored").path("met").asBoolean()).isFalse();
        assertThat(bytesOver.path("targetsMet").asBoolean()).isFalse();
        JsonNode pullOver = RealTreeReport.build(2, results(0.5, 8.5, 900_000)).json();
        assertThat(pullOver.path("targetsMet").asBoolean()).isFalse();
    }
}

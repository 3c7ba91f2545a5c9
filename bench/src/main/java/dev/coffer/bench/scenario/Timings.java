package dev.coffer.bench.scenario;

import dev.coffer.bench.report.Stats;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One timed step's seconds per tool over the rounds, each printed to the progress log as it comes. */
final class Timings {
    private final Map<String, List<Double>> byTool = new LinkedHashMap<>();
    private final PrintStream log;

    Timings(PrintStream log) {
        this.log = log;
    }

    void add(String tool, double seconds) {
        byTool.computeIfAbsent(tool, k -> new ArrayList<>()).add(seconds);
        log.printf(Locale.ROOT, " %.2f s", seconds);
    }

    Stats of(String tool) {
        return Stats.of(byTool.get(tool));
    }
}

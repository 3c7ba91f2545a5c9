package dev.coffer.bench.scenario;

import dev.coffer.bench.data.DataSet;
import dev.coffer.bench.tool.Sample;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every sample of the rounds on one data set, by phase (first ingest, ingest again) and tool. */
public final class Measurements {
    public static final String COFFER = "coffer";
    public static final String CP = "cp+sync";
    public static final String RESTIC = "restic";

    public enum Phase {
        FIRST,
        AGAIN
    }

    private final DataSet set;
    private final Map<Phase, Map<String, List<Sample>>> samples = new EnumMap<>(Phase.class);

    public Measurements(DataSet set) {
        this.set = set;
    }

    public DataSet set() {
        return set;
    }

    public void add(Phase phase, String tool, Sample sample) {
        samples.computeIfAbsent(phase, p -> new LinkedHashMap<>())
                .computeIfAbsent(tool, t -> new ArrayList<>())
                .add(sample);
    }

    public List<Sample> get(Phase phase, String tool) {
        return samples.getOrDefault(phase, Map.of()).getOrDefault(tool, List.of());
    }

    public int runs() {
        return get(Phase.FIRST, COFFER).size();
    }
}
